namespace CustomerRetention.Application.BuildingBlocks.Interfaces;

/// <summary>
/// Turns a keyset position into an opaque, tamper-evident cursor string and back.
/// </summary>
public interface ICursorCodec
{
    string Encode<T>(T position);

    /// <summary>False when the cursor is malformed, was altered, or was not made by this API.</summary>
    bool TryDecode<T>(string cursor, out T? position);
}
