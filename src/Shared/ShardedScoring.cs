using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Engines;

/// <summary>
/// The engine-independent part of scoring a summaries table in place: the summary columns found by name, shards run up to
/// a number at a time with one <see cref="ScoringBatch"/> each (the memory bound), progress counted over all of them,
/// and a failing shard stopping the others between batches. Compiled into each engine package (linked source); the
/// engine supplies the SQL of its dialect: what a shard reads and how a batch is written.
/// </summary>
internal static class ShardedScoring
{
    /// <summary>Scores the shards; rethrows the first failure once the other running shards have stopped.</summary>
    /// <param name="shards">The parts of the summaries, each scored by <paramref name="scoreShard"/>.</param>
    /// <param name="parallelism">Shards scored at once.</param>
    /// <param name="already">Customers the prediction table held before the run (reported, and counted in the progress).</param>
    /// <param name="progress">Told the customers written so far (this run and earlier ones) after each batch.</param>
    /// <param name="scoreShard">Streams one shard (with <see cref="Stream"/>), counting what it writes.</param>
    public static ScoringReport Run<TShard>(IReadOnlyList<TShard> shards, int parallelism, long already, IProgress<long>? progress,
        Action<TShard, ShardProgress> scoreShard)
    {
        var tally = new ShardProgress(already, progress);
        var failures = new ConcurrentQueue<Exception>();
        tally.Stopped = () => !failures.IsEmpty;
        Parallel.ForEach(shards, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, (shard, state) =>
        {
            try
            {
                if (!tally.Stopped()) scoreShard(shard, tally);
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
                state.Stop();
            }
        });
        if (failures.TryDequeue(out var failure)) ExceptionDispatchInfo.Capture(failure).Throw();
        return tally.Report();
    }

    /// <summary>
    /// Streams one shard: <paramref name="readRow"/> adds the next row to the batch (false at the end); each full batch,
    /// and the last partial one, is scored and given to <paramref name="write"/>. Nothing more is written once
    /// <see cref="ShardProgress.Stopped"/> (another shard failed).
    /// </summary>
    public static void Stream(ScoringBatch batch, Func<ScoringBatch, bool> readRow, Action<ScoringBatch> write, ShardProgress progress, string source)
    {
        batch.Clear();
        while (true)
        {
            bool more = readRow(batch);
            if (batch.Count == batch.Capacity || (!more && batch.Count > 0))
            {
                if (progress.Stopped()) return;
                batch.Score(source);
                write(batch);
                progress.Written(batch.Count);
                batch.Clear();
            }
            if (!more) return;
        }
    }

    /// <summary>
    /// Finds the summary columns among <paramref name="columns"/> (name and engine type) case-insensitively, checks that the
    /// values are numeric, and returns them quoted; a missing or non-numeric column is a <see cref="ClvDataException"/>
    /// naming <paramref name="source"/> and the column.
    /// </summary>
    public static SummaryTableColumns FindColumns(IEnumerable<(string Name, string Type)> columns, Func<string, bool> isNumeric,
        Func<string, string> quote, string source, bool needMonetary)
    {
        var types = new Dictionary<string, (string Name, string Type)>(StringComparer.OrdinalIgnoreCase);
        foreach (var column in columns) types.TryAdd(column.Name, column);
        string Find(string name, bool numeric)
        {
            if (!types.TryGetValue(name, out var column))
                throw new ClvDataException($"There is no column '{name}'. Columns: {string.Join(", ", types.Values.Select(c => $"'{c.Name}'"))}.", source, column: name);
            if (numeric && !isNumeric(column.Type))
                throw new ClvDataException($"The column has type {column.Type}; it must be numeric.", source, column: column.Name);
            return quote(column.Name);
        }
        return new SummaryTableColumns(Find("customer_id", false), Find("frequency", true), Find("recency", true), Find("t", true),
            needMonetary ? Find("monetary_value", true) : null);
    }
}

/// <summary>The quoted columns of a summaries table (<see cref="Monetary"/> null when no spend model needs it).</summary>
internal sealed record SummaryTableColumns(string Id, string Frequency, string Recency, string T, string? Monetary);

/// <summary>Customers and batches written by the shards of one run, counted under a lock.</summary>
internal sealed class ShardProgress(long already, IProgress<long>? progress)
{
    private readonly Lock _gate = new();
    private long _scored;
    private int _batches;

    /// <summary>True once another shard failed: a shard stops before its next write.</summary>
    public Func<bool> Stopped { get; set; } = () => false;

    /// <summary>Counts a batch of <paramref name="count"/> customers as written and reports the total.</summary>
    public void Written(int count)
    {
        lock (_gate)
        {
            _scored += count;
            _batches++;
            progress?.Report(already + _scored);
        }
    }

    public ScoringReport Report()
    {
        lock (_gate) return new ScoringReport(_scored, already, _batches);
    }
}
