namespace CustomerRetention.Domain.Lifecycle;

/// <summary>Who caused a stage transition.</summary>
public enum TransitionSource
{
    /// <summary>A person, through the API.</summary>
    Manual = 1,

    /// <summary>The system, as a consequence of something else (an order).</summary>
    Automatic = 2,

    /// <summary>An integration importing history (e.g. a back-dated initial stage).</summary>
    Import = 3,
}
