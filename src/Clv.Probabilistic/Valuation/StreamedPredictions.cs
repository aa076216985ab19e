using System.Runtime.ExceptionServices;
using System.Text;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// <see cref="CustomerPredictions.Compute(IPurchaseModel, RfmSummary, double, TimeUnit?, ISpendModel?, ClvOptions?)"/>
/// and <see cref="CustomerPredictions.WriteCsv(string)"/> over a summary file block by block: while one thread reads
/// the next block (<see cref="SummaryBlockReader"/>), the others predict and format the blocks read, each block's text
/// written in file order, all through buffers reused block after block (<see cref="BlockBuffers"/>), so memory stays
/// constant whatever the number of customers.
/// </summary>
/// <remarks>
/// Each customer's predictions are a function of its own row, and the blocks start at multiples of four rows
/// (<see cref="RowPredictions"/>), so the file is the same bytes as the whole-file table's for any block length and
/// number of workers; g of a factored model is kept across the blocks (<see cref="AliveFactorCache"/>). A read error
/// is thrown as the whole-file reader throws it (the first in file order), and the output file is left as it was. When
/// a model fails on a block, nothing is written either, and the caller predicts the whole file at once, which reports
/// that failure, or a read error later in the file, as it always has.
/// </remarks>
internal static class StreamedPredictions
{
    /// <summary>
    /// Rows per block: a multiple of four, and small enough that a block's columns of doubles (64 KiB) stay below the
    /// large-object threshold, so the per-block arrays of the models are collected young and their memory reused.
    /// </summary>
    public const int RowsPerBlock = 1 << 13;

    /// <summary>
    /// Predicts every customer of the summary file <paramref name="input"/> and replaces <paramref name="outputPath"/>
    /// with the table (as <see cref="CustomerPredictions.WriteCsv(string)"/> does); returns the number of customers, or
    /// null when a model failed on a block (then the output is left as it was).
    /// </summary>
    /// <param name="purchases">The purchase model.</param>
    /// <param name="input">The summary file, in the purchase model's unit.</param>
    /// <param name="horizon">Horizon length, &gt; 0 and finite.</param>
    /// <param name="horizonUnit">Unit of <paramref name="horizon"/>; null for the purchase model's unit.</param>
    /// <param name="spend">A spend model, or null.</param>
    /// <param name="valuation">Valuation options, with <paramref name="spend"/>.</param>
    /// <param name="outputPath">The predictions file.</param>
    /// <param name="blockRows">Rows per block, a multiple of four.</param>
    /// <param name="workers">Threads reading and predicting blocks; 0 to do everything on the calling thread alone (default: the processors, at most 8). The bytes do not depend on it.</param>
    /// <exception cref="ClvDataException">The summary file is invalid (the first error in file order).</exception>
    public static long? TryWriteCsv(IPurchaseModel purchases, string input, double horizon, TimeUnit? horizonUnit, ISpendModel? spend,
        ClvOptions? valuation, string outputPath, int blockRows = RowsPerBlock, int? workers = null)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        using var stream = RfmSummaryCsv.OpenRead(input);
        var reader = new SummaryBlockReader(stream, input, fields: spend is null ? SummaryFields.Durations : SummaryFields.All);
        long? rows = null;
        try
        {
            AtomicFile.Write(outputPath, output =>
            {
                rows = Write(purchases, reader, horizon, horizonUnit, spend, valuation, output, blockRows, workers);
                if (rows is null) throw new ModelFailed();
            }, flushToDisk: false);
        }
        catch (ModelFailed)
        {
        }
        return rows;
    }

    /// <summary>The rows of <paramref name="reader"/> predicted and written to <paramref name="output"/>; null when a model failed.</summary>
    internal static long? Write(IPurchaseModel purchases, SummaryBlockReader reader, double horizon, TimeUnit? horizonUnit, ISpendModel? spend,
        ClvOptions? valuation, Stream output, int blockRows, int? workers)
    {
        if (blockRows <= 0 || blockRows % 4 != 0)
            throw new ArgumentOutOfRangeException(nameof(blockRows), blockRows, "Blocks of rows are a positive multiple of four rows.");
        var predictor = new BlockPredictor(purchases, reader.Layout, horizon, horizonUnit, spend, valuation, blockRows);
        var factors = new AliveFactorCache();
        int threads = workers ?? Math.Clamp(Environment.ProcessorCount, 1, 8);
        if (threads == 0)
        {
            CsvRows.Compile();
            var job = new Job(blockRows, factors);
            for (; reader.Read(job.Block); job.Index++)
            {
                if (!predictor.Format(job)) return null;
                predictor.WriteTo(output, job);
            }
            return reader.Rows;
        }
        if (!new Pipeline(reader, predictor, output, blockRows, threads, factors).Run()) return null;
        reader.Finish();
        return reader.Rows;
    }

    /// <summary>A block, the memory its predictions use and the text of its rows, reused block after block.</summary>
    private sealed class Job(int blockRows, AliveFactorCache factors)
    {
        public SummaryBlock Block { get; } = new(blockRows);

        public BlockBuffers Buffers { get; } = new(factors);

        public CsvLine Text { get; } = new();

        /// <summary>The text's buffer, first sized for rows of 64 bytes (a predictions row is 30–80), so that it rarely grows.</summary>
        public byte[] TextBuffer { get; set; } = new byte[Math.Max(64 * blockRows, 1 << 12)];

        /// <summary>Number of the block in the file (0, 1, …).</summary>
        public int Index { get; set; }
    }

    /// <summary>Predicts a block and formats its rows; writes the header before the first block's rows.</summary>
    private sealed class BlockPredictor(IPurchaseModel purchases, SummaryLayout layout, double horizon, TimeUnit? horizonUnit,
        ISpendModel? spend, ClvOptions? valuation, int blockRows)
    {
        private string? _header;
        private bool _headerWritten;

        /// <summary>Predicts the block's rows and formats them into its text; false when a model failed.</summary>
        public bool Format(Job job)
        {
            // A block with an error is never written; one of blank lines has nothing to write.
            if (job.Block.Error is not null || job.Block.Count == 0) return true;
            CustomerPredictions predictions;
            job.Buffers.Restart();
            try
            {
                predictions = CustomerPredictions.Compute(purchases, job.Block.Summary(layout, purchases.TimeUnit), horizon, horizonUnit, spend, valuation,
                    maxDegreeOfParallelism: 1, blockRows, job.Buffers);
            }
#pragma warning disable CA1031 // the whole-file path reports it, in its order among the file's errors
            catch (Exception)
#pragma warning restore CA1031
            {
                return false;
            }
            Interlocked.CompareExchange(ref _header, predictions.CsvHeader(), null);
            var format = predictions.CsvRowFormatter();
            var text = job.Text;
            text.Start(job.TextBuffer);
            for (int i = 0; i < job.Block.Count; i++) format(text, i);
            job.TextBuffer = text.Buffer;
            return true;
        }

        /// <summary>Writes the block's text, after the header if it is the first block with rows (blocks are written in order).</summary>
        public void WriteTo(Stream output, Job job)
        {
            if (job.Block.Count == 0) return;
            if (!_headerWritten) output.Write(Encoding.UTF8.GetBytes(_header!));
            _headerWritten = true;
            output.Write(job.Text.Bytes);
        }
    }

    /// <summary>
    /// Threads that each take the text of the next block from the file while no other does and a job is free, and
    /// otherwise parse, predict and format a block taken; whoever finishes the next block in file order checks it (a
    /// repeated customer, the block's first error: <see cref="SummaryBlockReader.Check"/>) and writes it, and every
    /// finished block after it. As many threads as processors and no more: each stays busy, and none waits spinning for
    /// a thread that is not running.
    /// </summary>
    private sealed class Pipeline
    {
        private readonly SummaryBlockReader _reader;
        private readonly BlockPredictor _predictor;
        private readonly Stream _output;
        private readonly int _threads;
        private readonly object _gate = new();
        private readonly Queue<Job> _free = new();
        private readonly Queue<Job> _read = new();
        private readonly Job?[] _finished;
        private bool _reading;
        private bool _readAll;
        private int _nextIndex;
        private bool _stopped;
        private bool _modelFailed;
        private Exception? _error;
        private int _written;

        public Pipeline(SummaryBlockReader reader, BlockPredictor predictor, Stream output, int blockRows, int threads, AliveFactorCache factors)
        {
            (_reader, _predictor, _output, _threads) = (reader, predictor, output, threads);
            // A job per thread, and one taken ahead.
            _finished = new Job?[threads + 1];
            for (int k = 0; k < _finished.Length; k++) _free.Enqueue(new Job(blockRows, factors));
        }

        /// <summary>Runs to the end; false when a model failed on a block.</summary>
        /// <exception cref="ClvDataException">The first error of the file.</exception>
        public bool Run()
        {
            var helpers = new Task[_threads - 1];
            for (int k = 0; k < helpers.Length; k++)
                helpers[k] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            // The number formatter is compiled at run time: here, while a helper reads the first blocks, rather than on a
            // thread of its own, which would make more threads than processors.
            CsvRows.Compile();
            Work();
            Task.WaitAll(helpers);
            if (_error is not null) ExceptionDispatchInfo.Throw(_error);
            return !_modelFailed;
        }

        private void Work()
        {
            while (true)
            {
                Job job;
                bool read;
                lock (_gate)
                {
                    while (true)
                    {
                        if (_stopped) return;
                        if (!_reading && !_readAll && _free.Count > 0)
                        {
                            (job, read, _reading) = (_free.Dequeue(), true, true);
                            break;
                        }
                        if (_read.Count > 0)
                        {
                            (job, read) = (_read.Dequeue(), false);
                            break;
                        }
                        if (_readAll && !_reading) return;
                        Monitor.Wait(_gate);
                    }
                }
                if (read) Read(job);
                else Predict(job);
            }
        }

        private void Read(Job job)
        {
            bool more;
            try
            {
                more = _reader.Take(job.Block);
            }
#pragma warning disable CA1031 // thrown on the calling thread
            catch (Exception e)
#pragma warning restore CA1031
            {
                Stop(e, modelFailed: false);
                return;
            }
            lock (_gate)
            {
                _reading = false;
                if (more)
                {
                    job.Index = _nextIndex++;
                    _read.Enqueue(job);
                }
                else
                {
                    _readAll = true;
                    _free.Enqueue(job);
                }
                Monitor.PulseAll(_gate);
            }
        }

        private void Predict(Job job)
        {
            job.Block.Parse(_reader.Layout, _reader.Fields);
            if (!_predictor.Format(job))
            {
                Stop(null, modelFailed: true);
                return;
            }
            lock (_gate)
            {
                if (_stopped) return;
                _finished[job.Index % _finished.Length] = job;
                try
                {
                    for (Job? next; (next = _finished[_written % _finished.Length]) is not null && next.Index == _written; _written++)
                    {
                        _reader.Check(next.Block);
                        _predictor.WriteTo(_output, next);
                        _finished[_written % _finished.Length] = null;
                        _free.Enqueue(next);
                    }
                }
#pragma warning disable CA1031 // thrown on the calling thread
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _error ??= e;
                    _stopped = true;
                }
                Monitor.PulseAll(_gate);
            }
        }

        private void Stop(Exception? error, bool modelFailed)
        {
            lock (_gate)
            {
                // A read error is the file's first error, whatever a model did on an earlier block.
                if (error is not null) _error = error;
                _modelFailed |= modelFailed;
                _stopped = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private sealed class ModelFailed : Exception;
}
