using System.Globalization;

namespace CustomerRetention.Application.Webhooks;

/// <summary>
/// The <c>Webhooks:*</c> settings (README): who may be called, how long the old secret signs after
/// a rotation, the send timeout, the retry schedule and the worker's pace.
/// </summary>
public sealed record WebhookSettings
{
    public const string DefaultRetryDelays = "5s,5m,30m,2h,5h,10h,10h";

    /// <summary>Plain http and private, loopback and link-local addresses allowed (development and tests only).</summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>How long the previous secret keeps signing after a rotation.</summary>
    public TimeSpan SecretOverlap { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long a receiver has to answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The waits before each retry; after the last one the delivery is failed.</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } = ParseDurations(DefaultRetryDelays, "Webhooks:RetryDelays");

    /// <summary>Deliveries one instance sends at once.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>How often an idle worker looks for new events and due retries.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether this instance runs the delivery worker.</summary>
    public bool Worker { get; init; } = true;

    /// <summary>The settings from their configured texts (null or blank: the default).</summary>
    public static WebhookSettings Read(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var defaults = new WebhookSettings();
        return new WebhookSettings
        {
            AllowPrivateNetworks = Flag(setting("Webhooks:AllowPrivateNetworks"), "Webhooks:AllowPrivateNetworks") ?? false,
            SecretOverlap = Duration(setting("Webhooks:SecretOverlap"), "Webhooks:SecretOverlap", allowZero: true) ?? defaults.SecretOverlap,
            Timeout = Duration(setting("Webhooks:Timeout"), "Webhooks:Timeout", allowZero: false) ?? defaults.Timeout,
            RetryDelays = setting("Webhooks:RetryDelays") is { Length: > 0 } delays ? ParseDurations(delays, "Webhooks:RetryDelays") : defaults.RetryDelays,
            MaxConcurrency = Count(setting("Webhooks:MaxConcurrency"), "Webhooks:MaxConcurrency") ?? defaults.MaxConcurrency,
            PollInterval = Duration(setting("Webhooks:PollInterval"), "Webhooks:PollInterval", allowZero: false) ?? defaults.PollInterval,
            Worker = Flag(setting("Webhooks:Worker"), "Webhooks:Worker") ?? true,
        };
    }

    /// <summary>
    /// A compact list of durations, <c>5s,5m,30m,2h,5h,10h,10h</c>: each a whole number and a unit
    /// (<c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>). An empty list means no retries.
    /// </summary>
    public static IReadOnlyList<TimeSpan> ParseDurations(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "none")
        {
            return [];
        }

        return text.Split(',', StringSplitOptions.TrimEntries).Select(part => ParseDuration(part, name, allowZero: true)).ToArray();
    }

    /// <summary>One compact duration (<c>15s</c>, <c>24h</c>, <c>200ms</c>).</summary>
    public static TimeSpan ParseDuration(string text, string name, bool allowZero)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        var unit = text[digits..];
        if (digits == 0 || !long.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            throw Invalid(name, text);
        }

        var value = unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            "d" => TimeSpan.FromDays(amount),
            _ => throw Invalid(name, text),
        };
        return value > TimeSpan.Zero || allowZero ? value : throw Invalid(name, text);
    }

    private static TimeSpan? Duration(string? text, string name, bool allowZero) =>
        string.IsNullOrWhiteSpace(text) ? null : ParseDuration(text.Trim(), name, allowZero);

    private static bool? Flag(string? text, string name) =>
        string.IsNullOrWhiteSpace(text) ? null
        : bool.TryParse(text, out var flag) ? flag
        : throw new InvalidOperationException($"{name} must be true or false (got '{text}').");

    private static int? Count(string? text, string name) =>
        string.IsNullOrWhiteSpace(text) ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 256 ? n
        : throw new InvalidOperationException($"{name} must be a whole number from 1 to 256 (got '{text}').");

    private static InvalidOperationException Invalid(string name, string text) =>
        new($"{name}: '{text}' is not a duration; write a whole number and a unit, e.g. 200ms, 5s, 5m, 2h or 1d (a list: 5s,5m,30m).");
}
