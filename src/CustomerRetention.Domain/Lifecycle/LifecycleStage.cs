namespace CustomerRetention.Domain.Lifecycle;

/// <summary>The customer's lifecycle stage (SPEC §3), in funnel order.</summary>
public enum LifecycleStage
{
    Awareness = 1,
    Interest = 2,
    Decision = 3,
    Retention = 4,
    Expansion = 5,
    Contraction = 6,
    Churned = 7,
}
