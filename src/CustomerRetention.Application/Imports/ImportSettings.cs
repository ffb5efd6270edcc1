using System.Globalization;

namespace CustomerRetention.Application.Imports;

/// <summary>
/// <c>Imports:MaxBytes</c> (the largest file, default 100 MiB) and <c>Imports:ChunkRows</c> (rows
/// per all-or-nothing chunk, default 50 000).
/// </summary>
public sealed record ImportSettings(long MaxBytes, int ChunkRows)
{
    public const long DefaultMaxBytes = 100L * 1024 * 1024;

    public const int DefaultChunkRows = 50_000;

    public static ImportSettings Read(string? maxBytes, string? chunkRows) => new(
        Positive(maxBytes, "Imports:MaxBytes", DefaultMaxBytes),
        (int)Math.Min(int.MaxValue, Positive(chunkRows, "Imports:ChunkRows", DefaultChunkRows)));

    private static long Positive(string? text, string key, long fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"{key} must be a positive whole number, not '{text}'.");
    }
}
