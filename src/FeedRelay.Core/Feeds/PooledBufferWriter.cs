using System.Buffers;

namespace FeedRelay.Feeds;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> of bytes over arrays rented from a pool of the feed writers' own; dispose to return
/// them. Besides what is written, it can hold whole arrays by reference (<see cref="AppendShared"/>, cached item
/// fragments), which <see cref="ToArray"/> copies into place once instead of twice.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    // Not ArrayPool.Shared: that one trims itself on every gen-2 collection, and each render allocates its document's array on the
    // large object heap, so gen-2 collections come every few dozen renders and the trimmed buffers were allocated again (on the
    // large object heap too). This pool never trims and holds at most two arrays of each power-of-two size up to 4 MiB (< 16 MiB).
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(maxArrayLength: 4 * 1024 * 1024, maxArraysPerBucket: 2);

    private byte[] _buffer;
    private int _written;

    // Arrays held by reference, each with the position in the written bytes where it goes.
    private List<(int Position, byte[] Bytes)>? _shared;
    private int _sharedLength;

    /// <summary>Starts with at least <paramref name="capacity"/> bytes of room.</summary>
    public PooledBufferWriter(int capacity) => _buffer = Pool.Rent(Math.Max(capacity, 256));

    /// <summary>The bytes written so far (only while no array is held by reference).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _shared is null
        ? _buffer.AsSpan(0, _written)
        : throw new InvalidOperationException("the output holds shared arrays: use ToArray");

    /// <summary>Appends <paramref name="bytes"/> by reference: they are copied only by <see cref="ToArray"/>, so they must not change until then.</summary>
    public void AppendShared(byte[] bytes)
    {
        _sharedLength = checked(_sharedLength + bytes.Length);
        (_shared ??= []).Add((_written, bytes));
    }

    /// <summary>A new array of exactly the bytes written and appended (not zeroed first: every byte is copied over).</summary>
    /// <param name="pinned">
    /// Allocate on the pinned object heap, which collections sweep but never compact: for long-lived arrays (cached
    /// fragments), which a compacting gen-2 collection would otherwise copy every time.
    /// </param>
    public byte[] ToArray(bool pinned = false)
    {
        var result = GC.AllocateUninitializedArray<byte>(checked(_written + _sharedLength), pinned);
        var (from, to) = (0, 0);
        foreach (var (position, bytes) in _shared ?? [])
        {
            _buffer.AsSpan(from, position - from).CopyTo(result.AsSpan(to));
            to += position - from;
            from = position;
            bytes.CopyTo(result.AsSpan(to));
            to += bytes.Length;
        }

        _buffer.AsSpan(from, _written - from).CopyTo(result.AsSpan(to));
        return result;
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("advanced past the end of the buffer");
        }

        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        _shared = null;
        _sharedLength = 0;
        if (buffer.Length > 0)
        {
            Pool.Return(buffer);
        }
    }

    private void Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        var bigger = Pool.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        Pool.Return(_buffer);
        _buffer = bigger;
    }
}
