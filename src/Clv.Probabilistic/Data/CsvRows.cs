using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Unicode;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Writes the rows of a CSV file formatted on every processor as UTF-8: the rows are formatted in blocks, one block per
/// processor at a time, into a ring of reused byte buffers, while the calling thread writes the finished blocks in row
/// order (and formats too when the next block is not ready), so the text is the same as formatting the rows one after
/// another. Formatting numbers in their shortest round-trip form is most of the work of writing a summary or
/// predictions, and it has no order; writing overlaps it.
/// </summary>
/// <remarks>
/// A formatter that throws stops the formatting of later blocks; the rows before its block are written and its
/// exception is thrown as itself, so the exception is that of the first failing row in row order, as if the rows were
/// formatted one after another. The buffers are touched once and reused: fresh memory is costly (docs/performance.md).
/// </remarks>
internal static class CsvRows
{
    /// <summary>Rows formatted together by one processor.</summary>
    internal const int RowsPerBlock = 2048;

    /// <summary>Writes <paramref name="header"/> and rows 0 to <paramref name="rows"/> − 1 as UTF-8 bytes straight to <paramref name="stream"/>.</summary>
    /// <param name="stream">Where the bytes go.</param>
    /// <param name="header">The first line, with its line end.</param>
    /// <param name="rows">How many rows.</param>
    /// <param name="formatRow">Appends one row to the block (ending it with <see cref="CsvLine.NewLine"/>); called on several threads at once for different rows.</param>
    /// <param name="workers">Blocks formatted at once (default: the processors, at most 8).</param>
    public static void Write(Stream stream, string header, int rows, Action<CsvLine, int> formatRow, int? workers = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Encoding.UTF8.GetBytes(header));
        new Pipeline(rows, formatRow, workers).Run(bytes => stream.Write(bytes));
    }

    /// <summary>Writes <paramref name="header"/> and rows 0 to <paramref name="rows"/> − 1 as text (the text of the UTF-8 bytes the stream overload writes).</summary>
    /// <param name="writer">Where the text goes.</param>
    /// <param name="header">The first line, with its line end.</param>
    /// <param name="rows">How many rows.</param>
    /// <param name="formatRow">Appends one row to the block (ending it with <see cref="CsvLine.NewLine"/>); called on several threads at once for different rows.</param>
    /// <param name="workers">Blocks formatted at once (default: the processors, at most 8).</param>
    public static void Write(TextWriter writer, string header, int rows, Action<CsvLine, int> formatRow, int? workers = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(header);
        char[] chars = [];
        new Pipeline(rows, formatRow, workers).Run(bytes =>
        {
            // A block ends with a whole row, so it decodes alone.
            if (chars.Length < bytes.Length) chars = new char[Math.Max(bytes.Length, 2 * chars.Length)];
            writer.Write(chars.AsSpan(0, Encoding.UTF8.GetChars(bytes, chars)));
        });
    }

    /// <summary>
    /// Compiles the number formatter on a pool thread (it is compiled at run time, 10–25 ms, see
    /// <see cref="ShortestDouble.FormatOwn(double, Span{byte})"/>), for a command to call while a core is idle before it
    /// writes a CSV.
    /// </summary>
    public static void CompileAhead() => ThreadPool.UnsafeQueueUserWorkItem(static _ => Compile(), null);

    /// <summary>Compiles the number formatter (see <see cref="CompileAhead"/>) on the calling thread.</summary>
    public static void Compile()
    {
        Span<byte> text = stackalloc byte[ShortestDouble.Room];
        ShortestDouble.TryFormat(0.1, text, out int _);
    }

    private delegate void BlockSink(ReadOnlySpan<byte> bytes);

    /// <summary>
    /// One write: blocks are claimed in order by the helpers and the calling thread, formatted into the ring slot of
    /// their number, and written by the calling thread in order; a block is claimed only when its slot has been written.
    /// </summary>
    private sealed class Pipeline
    {
        private readonly int _rows;
        private readonly int _blocks;
        private readonly int _helpers;
        private readonly Action<CsvLine, int> _formatRow;
        private readonly Slot[] _slots;
        private readonly object _gate = new();
        private int _claimed;
        private int _written;
        private int _firstFailed = int.MaxValue;
        private bool _stopped;

        public Pipeline(int rows, Action<CsvLine, int> formatRow, int? workers)
        {
            ArgumentNullException.ThrowIfNull(formatRow);
            ArgumentOutOfRangeException.ThrowIfNegative(rows);
            _rows = rows;
            _formatRow = formatRow;
            _blocks = (int)(((long)rows + RowsPerBlock - 1) / RowsPerBlock);
            int formatters = Math.Min(Math.Clamp(workers ?? Environment.ProcessorCount, 1, 8), Math.Max(_blocks, 1));
            _helpers = formatters - 1;
            _slots = new Slot[formatters == 1 ? 1 : 2 * formatters];
            for (int k = 0; k < _slots.Length; k++) _slots[k] = new Slot();
        }

        private bool Done => _stopped || _claimed >= _blocks || _claimed > _firstFailed;

        public void Run(BlockSink sink)
        {
            var helpers = new Task[_helpers];
            for (int k = 0; k < helpers.Length; k++)
                helpers[k] = Task.Factory.StartNew(Help, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
            CsvLine? own = null;
            try
            {
                for (int block = 0; block < _blocks; block++)
                {
                    var slot = _slots[block % _slots.Length];
                    while (true)
                    {
                        int mine;
                        lock (_gate)
                        {
                            if (slot.Ready == block) break;
                            if (!TryClaim(out mine))
                            {
                                Monitor.Wait(_gate);
                                continue;
                            }
                        }
                        Format(mine, own ??= new CsvLine());
                    }
                    if (slot.Error is { } error) ExceptionDispatchInfo.Throw(error);
                    sink(slot.Bytes.AsSpan(0, slot.Length));
                    lock (_gate)
                    {
                        _written = block + 1;
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            finally
            {
                lock (_gate)
                {
                    _stopped = true;
                    Monitor.PulseAll(_gate);
                }
                Task.WaitAll(helpers);
            }
        }

        private bool TryClaim(out int block)
        {
            block = _claimed;
            if (Done || _claimed - _written >= _slots.Length) return false;
            _claimed++;
            return true;
        }

        private void Help()
        {
            var line = new CsvLine();
            while (true)
            {
                int block;
                lock (_gate)
                {
                    while (!TryClaim(out block))
                    {
                        if (Done) return;
                        Monitor.Wait(_gate);
                    }
                }
                Format(block, line);
            }
        }

        private void Format(int block, CsvLine line)
        {
            var slot = _slots[block % _slots.Length];
            Exception? error = null;
            line.Start(slot.Bytes);
            try
            {
                int from = block * RowsPerBlock, to = Math.Min(_rows, from + RowsPerBlock);
                for (int row = from; row < to; row++) _formatRow(line, row);
            }
            catch (Exception e)
            {
                error = e;
            }
            lock (_gate)
            {
                (slot.Bytes, slot.Length, slot.Error, slot.Ready) = (line.Buffer, line.Length, error, block);
                if (error is not null) _firstFailed = Math.Min(_firstFailed, block);
                Monitor.PulseAll(_gate);
            }
        }
    }

    private sealed class Slot
    {
        public byte[] Bytes = [];
        public int Length;
        public int Ready = -1;
        public Exception? Error;
    }
}

/// <summary>A block of CSV text being built as UTF-8: fields, numbers in the invariant culture's shortest round-trip form, line ends.</summary>
internal sealed class CsvLine
{
    private const int LongestNumber = 32;
    private const int InitialBytes = 1 << 16;

    /// <summary>Bytes an id needs looked at for before it is copied as it is: those that force quotes, and those of non-ASCII characters.</summary>
    private static ReadOnlySpan<byte> Attention =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // \n, \r
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // ", comma
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ];

    private byte[] _bytes = [];
    private RepeatedNumbers? _repeated;

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The UTF-8 text so far.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, Length);

    /// <summary>The buffer the text is in (a bigger one than given to <see cref="Start"/> when it had to grow).</summary>
    internal byte[] Buffer => _bytes;

    /// <summary>Empties the block, to be built in <paramref name="buffer"/> (a new one when it is empty).</summary>
    internal void Start(byte[] buffer)
    {
        _bytes = buffer.Length > 0 ? buffer : GC.AllocateUninitializedArray<byte>(InitialBytes);
        Length = 0;
    }

    /// <summary>Ends the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void NewLine()
    {
        Free(1)[0] = (byte)'\n';
        Length++;
    }

    /// <summary>
    /// Appends a comma and <paramref name="value"/> as <c>value.ToString("R", CultureInfo.InvariantCulture)</c> writes
    /// it (the shortest text that reads back to the same double), by <see cref="ShortestDouble"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Number(double value)
    {
        var free = Free(LongestNumber + 1);
        int written = ShortestDouble.Format(value, free[1..]);
        free[0] = (byte)',';
        Length += written + 1;
    }

    /// <summary>
    /// Appends a comma and <paramref name="value"/> as <see cref="Number"/> does, for a column whose values repeat: the
    /// text of recent values is remembered and copied (see <see cref="RepeatedNumbers"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RepeatedNumber(double value)
    {
        _repeated ??= new RepeatedNumbers();
        int room = LongestNumber + 1, written;
        while (!_repeated.TryFormat(value, Free(room)[1..], out written)) room *= 2;
        _bytes[Length] = (byte)',';
        Length += written + 1;
    }

    /// <summary>
    /// Appends an id field in UTF-8, quoted (with quotes doubled) when it holds a comma, quote or line break, is empty,
    /// or starts or ends with white space. Lone surrogates become U+FFFD, as a UTF-8 text writer writes them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Id(ReadOnlySpan<char> id)
    {
        var free = Free(Encoding.UTF8.GetMaxByteCount(id.Length));
        int length = Encoding.UTF8.GetBytes(id, free);
        if (!NeedsQuotes(free[..length]))
        {
            Length += length;
            return;
        }
        Quoted(free[..length].ToArray());
    }

    /// <summary>
    /// Appends an id given as UTF-8 bytes as <see cref="Id(ReadOnlySpan{char})"/> appends the text they decode to: valid
    /// UTF-8 is copied as it is (the quoting test is made on the bytes); invalid sequences become U+FFFD.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Id(ReadOnlySpan<byte> utf8)
    {
        if (IsPlain(utf8))
        {
            utf8.CopyTo(Free(utf8.Length));
            Length += utf8.Length;
            return;
        }
        if (!Utf8.IsValid(utf8))
        {
            Id(Encoding.UTF8.GetString(utf8));
            return;
        }
        if (!NeedsQuotes(utf8))
        {
            utf8.CopyTo(Free(utf8.Length));
            Length += utf8.Length;
            return;
        }
        Quoted(utf8);
    }

    /// <summary>Appends the id of a summary's row (its UTF-8 bytes as they are when it was read from a file).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Id(RfmSummary summary, int row)
    {
        if (summary.TryGetUtf8Id(row, out var utf8)) Id(utf8);
        else Id(summary.CustomerIds[row]);
    }

    /// <summary>Whether the bytes are ASCII text that needs no quotes: not empty, none of <see cref="Attention"/>, no white space at either end.</summary>
    private static bool IsPlain(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0 || char.IsWhiteSpace((char)utf8[0]) || char.IsWhiteSpace((char)utf8[^1])) return false;
        var attention = Attention;
        foreach (byte b in utf8)
            if (attention[b] != 0) return false;
        return true;
    }

    /// <summary>Whether valid UTF-8 text must be quoted: empty, a comma, quote or line break, or white space at either end.</summary>
    internal static bool NeedsQuotes(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0 || utf8.IndexOfAny(",\"\r\n"u8) >= 0) return true;
        return Rune.DecodeFromUtf8(utf8, out var first, out _) == OperationStatus.Done && Rune.IsWhiteSpace(first)
            || Rune.DecodeLastFromUtf8(utf8, out var last, out _) == OperationStatus.Done && Rune.IsWhiteSpace(last);
    }

    private void Quoted(ReadOnlySpan<byte> utf8)
    {
        Free(utf8.Length + 2)[0] = (byte)'"';
        Length++;
        int at;
        while ((at = utf8.IndexOf((byte)'"')) >= 0)
        {
            // The quote goes out twice: once with the text before it, once more here.
            utf8[..(at + 1)].CopyTo(Free(at + 2));
            Length += at + 1;
            _bytes[Length++] = (byte)'"';
            utf8 = utf8[(at + 1)..];
        }
        utf8.CopyTo(Free(utf8.Length + 1));
        Length += utf8.Length;
        _bytes[Length++] = (byte)'"';
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Free(int atLeast)
    {
        if (_bytes.Length - Length < atLeast) Grow(atLeast);
        return _bytes.AsSpan(Length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int atLeast)
    {
        var bigger = GC.AllocateUninitializedArray<byte>(Math.Max(Math.Max(2 * _bytes.Length, InitialBytes), Length + atLeast));
        _bytes.AsSpan(0, Length).CopyTo(bigger);
        _bytes = bigger;
    }
}
