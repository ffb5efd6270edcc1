using System.Collections.Frozen;

namespace CustomerRetention.Domain.Lifecycle;

/// <summary>
/// The lifecycle of SPEC §3 in one place: the stages in funnel order, what each means, and the
/// table of allowed manual transitions. The API, the validators and the docs read it from here.
/// </summary>
public static class LifecycleGraph
{
    private static readonly FrozenDictionary<LifecycleStage, LifecycleStage[]> Allowed = new Dictionary<LifecycleStage, LifecycleStage[]>
    {
        [LifecycleStage.Awareness] = [LifecycleStage.Interest, LifecycleStage.Churned],
        [LifecycleStage.Interest] = [LifecycleStage.Decision, LifecycleStage.Awareness, LifecycleStage.Churned],
        [LifecycleStage.Decision] = [LifecycleStage.Retention, LifecycleStage.Interest, LifecycleStage.Churned],
        [LifecycleStage.Retention] = [LifecycleStage.Expansion, LifecycleStage.Contraction, LifecycleStage.Churned],
        [LifecycleStage.Expansion] = [LifecycleStage.Retention, LifecycleStage.Contraction, LifecycleStage.Churned],
        [LifecycleStage.Contraction] = [LifecycleStage.Retention, LifecycleStage.Expansion, LifecycleStage.Churned],
        [LifecycleStage.Churned] = [LifecycleStage.Retention, LifecycleStage.Awareness],
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<LifecycleStage, (string Name, string Description)> Descriptions = new Dictionary<LifecycleStage, (string, string)>
    {
        [LifecycleStage.Awareness] = ("Awareness", "Knows of us, has a need; no evaluation yet."),
        [LifecycleStage.Interest] = ("Interest", "Evaluating options, comparing products (a.k.a. evaluation)."),
        [LifecycleStage.Decision] = ("Decision", "About to buy / negotiating."),
        [LifecycleStage.Retention] = ("Retention", "Has bought; after-sales care keeps them satisfied."),
        [LifecycleStage.Expansion] = ("Expansion", "Buying more: cross-sell and up-sell are working."),
        [LifecycleStage.Contraction] = ("Contraction", "Buying less, or unhappy: at risk of leaving."),
        [LifecycleStage.Churned] = ("Churned", "Has stopped doing business with us (lost)."),
    }.ToFrozenDictionary();

    /// <summary>The stages in funnel order.</summary>
    public static IReadOnlyList<LifecycleStage> Stages { get; } = Enum.GetValues<LifecycleStage>().OrderBy(s => (int)s).ToArray();

    /// <summary>The stages a manual transition may go to from <paramref name="from"/>.</summary>
    public static IReadOnlyList<LifecycleStage> AllowedFrom(LifecycleStage from) => Allowed[from];

    public static bool IsAllowed(LifecycleStage from, LifecycleStage to) => Allowed[from].Contains(to);

    public static string NameOf(LifecycleStage stage) => Descriptions[stage].Name;

    public static string DescriptionOf(LifecycleStage stage) => Descriptions[stage].Description;

    /// <summary>Stages in which a customer counts as active (SPEC §8.1).</summary>
    public static bool IsActive(LifecycleStage stage) =>
        stage is LifecycleStage.Retention or LifecycleStage.Expansion or LifecycleStage.Contraction;

    /// <summary>Stages before the first purchase.</summary>
    public static bool IsProspect(LifecycleStage stage) =>
        stage is LifecycleStage.Awareness or LifecycleStage.Interest or LifecycleStage.Decision;
}
