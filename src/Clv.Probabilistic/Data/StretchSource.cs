using System.Runtime.CompilerServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Reads byte ranges of a seekable stream from several threads at once: a file through its handle at an offset
/// (no shared position), any other stream one read at a time under a lock.
/// </summary>
internal sealed class StretchSource(Stream stream)
{
    private const int ChunkBytes = 1 << 16;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? _file = (stream as FileStream)?.SafeFileHandle;
    private readonly Lock _gate = new();

    /// <summary>Reads up to <paramref name="buffer"/>'s length from <paramref name="position"/>; 0 at the end.</summary>
    public int ReadAt(long position, Span<byte> buffer)
    {
        if (_file is not null) return RandomAccess.Read(_file, buffer, position);
        lock (_gate)
        {
            stream.Position = position;
            return stream.Read(buffer);
        }
    }

    /// <summary>
    /// <paramref name="count"/> + 1 positions from <paramref name="start"/> to <paramref name="end"/> that cut the range
    /// into stretches of about equal length, each cut just after a line break.
    /// </summary>
    public long[] LineBounds(long start, long end, int count)
    {
        var bounds = new long[count + 1];
        bounds[0] = start;
        bounds[count] = end;
        var buffer = new byte[ChunkBytes];
        for (int s = 1; s < count; s++)
        {
            long from = Math.Max(bounds[s - 1], start + (end - start) * s / count);
            bounds[s] = end;
            while (from < end)
            {
                int read = ReadAt(from, buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - from)));
                if (read == 0) break;
                int newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    bounds[s] = from + newline + 1;
                    break;
                }
                from += read;
            }
        }
        return bounds;
    }

    /// <summary>
    /// Lines from <paramref name="start"/> to <paramref name="end"/>: the line breaks, and one more if the range does not
    /// end with one; read through <paramref name="buffer"/> when given (its content is overwritten).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long CountLines(long start, long end, byte[]? buffer = null)
    {
        buffer ??= new byte[(int)Math.Clamp(end - start, 1, 1 << 20)];
        long lines = 0;
        byte last = (byte)'\n';
        for (long position = start; position < end;)
        {
            int read = ReadAt(position, buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - position)));
            if (read == 0) break;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
            position += read;
        }
        return last == (byte)'\n' ? lines : lines + 1;
    }

    /// <summary>The bytes from <paramref name="start"/> to <paramref name="end"/> as a stream of their own.</summary>
    public Stream Range(long start, long end) => new RangeStream(this, start, end);

    private sealed class RangeStream(StretchSource source, long start, long end) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => end - start;

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            int read = source.ReadAt(start + _read, buffer[..(int)Math.Min(buffer.Length, end - start - _read)]);
            _read += read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
