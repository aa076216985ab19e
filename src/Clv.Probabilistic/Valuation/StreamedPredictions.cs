using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// <see cref="CustomerPredictions.Compute(IPurchaseModel, RfmSummary, double, TimeUnit?, ISpendModel?, ClvOptions?)"/>
/// and <see cref="CustomerPredictions.WriteCsv(string)"/> over a summary file block by block: one thread reads the
/// next block (<see cref="SummaryBlockReader"/>) while another predicts the block before and writes its rows, through
/// buffers reused block after block, so memory stays constant whatever the number of customers.
/// </summary>
/// <remarks>
/// Each customer's predictions are a function of its own row, and the blocks start at multiples of four rows
/// (<see cref="RowPredictions"/>), so the file is the same bytes as the whole-file table's for any block length and
/// thread count. A read error is thrown as the whole-file reader throws it (the first in file order), and the output
/// file is left as it was. When a model fails on a block, nothing is written either, and the caller predicts the whole
/// file at once, which reports that failure, or a read error later in the file, as it always has.
/// </remarks>
internal static class StreamedPredictions
{
    /// <summary>Blocks in flight: one being read, one being predicted and written, one ready in between.</summary>
    private const int Blocks = 3;

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
    /// <param name="pipelined">Whether reading overlaps predicting (on another thread); the bytes do not depend on it.</param>
    /// <exception cref="ClvDataException">The summary file is invalid (the first error in file order).</exception>
    public static long? TryWriteCsv(IPurchaseModel purchases, string input, double horizon, TimeUnit? horizonUnit, ISpendModel? spend,
        ClvOptions? valuation, string outputPath, int blockRows = RowBlocks.DefaultLength, bool pipelined = true)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        using var stream = RfmSummaryCsv.OpenRead(input);
        var reader = new SummaryBlockReader(stream, input);
        long? rows = null;
        try
        {
            AtomicFile.Write(outputPath, output =>
            {
                rows = Write(purchases, reader, horizon, horizonUnit, spend, valuation, output, blockRows, pipelined);
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
        ClvOptions? valuation, Stream output, int blockRows, bool pipelined)
    {
        if (blockRows <= 0 || blockRows % 4 != 0)
            throw new ArgumentOutOfRangeException(nameof(blockRows), blockRows, "Blocks of rows are a positive multiple of four rows.");
        CsvRows.CompileAhead();
        var writer = new BlockWriter(purchases, reader.Layout, horizon, horizonUnit, spend, valuation, output, blockRows);
        if (!pipelined)
        {
            var block = new SummaryBlock(blockRows);
            while (reader.Read(block))
                if (!writer.Write(block)) return null;
            return reader.Rows;
        }

        using var free = new BlockingCollection<SummaryBlock>(Blocks);
        using var full = new BlockingCollection<SummaryBlock>(Blocks);
        for (int k = 0; k < Blocks; k++) free.Add(new SummaryBlock(blockRows));
        using var stop = new CancellationTokenSource();
        Exception? readError = null;
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                while (true)
                {
                    var block = free.Take(stop.Token);
                    if (!reader.Read(block)) break;
                    full.Add(block);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The predictions stopped: nothing more to read.
            }
#pragma warning disable CA1031 // thrown on the calling thread once the blocks before it are written
            catch (Exception e)
#pragma warning restore CA1031
            {
                readError = e;
            }
            finally
            {
                full.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var block in full.GetConsumingEnumerable())
            {
                if (!writer.Write(block)) return null;
                free.Add(block);
            }
        }
        finally
        {
            stop.Cancel();
            producer.Wait();
        }
        if (readError is not null) ExceptionDispatchInfo.Throw(readError);
        return reader.Rows;
    }

    /// <summary>Predicts blocks and writes their rows, the header before the first, through one reused text buffer.</summary>
    private sealed class BlockWriter(IPurchaseModel purchases, SummaryLayout layout, double horizon, TimeUnit? horizonUnit,
        ISpendModel? spend, ClvOptions? valuation, Stream output, int blockRows)
    {
        private readonly CsvLine _line = new();
        private byte[] _buffer = [];
        private bool _headerWritten;

        /// <summary>Predicts and writes the block's rows; false when a model failed (nothing of the block is written).</summary>
        public bool Write(SummaryBlock block)
        {
            CustomerPredictions predictions;
            try
            {
                predictions = CustomerPredictions.Compute(purchases, block.Summary(layout, purchases.TimeUnit), horizon, horizonUnit, spend, valuation,
                    maxDegreeOfParallelism: 1, blockRows);
            }
#pragma warning disable CA1031 // the whole-file path reports it, in its order among the file's errors
            catch (Exception)
#pragma warning restore CA1031
            {
                return false;
            }
            if (!_headerWritten)
            {
                output.Write(Encoding.UTF8.GetBytes(predictions.CsvHeader()));
                _headerWritten = true;
            }
            var format = predictions.CsvRowFormatter();
            _line.Start(_buffer);
            for (int i = 0; i < block.Count; i++) format(_line, i);
            output.Write(_line.Bytes);
            _buffer = _line.Buffer;
            return true;
        }
    }

    private sealed class ModelFailed : Exception;
}
