using Clv.Probabilistic.Data;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Engines;

/// <summary>
/// One batch of customers read from an engine's summaries table: validated as summary rows, then scored into the
/// columns of a <see cref="CustomerScorer"/>. Compiled into each engine package (linked source); the engine reads the
/// rows and writes <see cref="Ids"/> and <see cref="Values"/> back.
/// </summary>
internal sealed class ScoringBatch(int capacity, CustomerScorer scorer)
{
    private static readonly string[] ValueNames = ["frequency", "recency", "t", "monetary_value"];
    private readonly string[] _ids = new string[capacity];
    private readonly double[] _x = new double[capacity], _tx = new double[capacity], _t = new double[capacity], _m = new double[capacity];
    private readonly double[][] _values = scorer.Columns.Select(_ => new double[capacity]).ToArray();

    public int Count { get; private set; }

    public int Capacity => capacity;

    /// <summary>The customer ids of the batch (the first <see cref="Count"/> entries).</summary>
    public string[] Ids => _ids;

    /// <summary>After <see cref="Score"/>: one array per scorer column.</summary>
    public double[][] Values => _values;

    /// <summary>Adds a row; a missing id or value is a <see cref="ClvDataException"/> naming the column and customer.</summary>
    public void Add(string? id, double? x, double? tx, double? t, double? m, string source)
    {
        if (id is null) throw new ClvDataException("A row has no customer id (NULL).", source, column: "customer_id");
        double?[] values = [x, tx, t, m];
        for (int c = 0; c < values.Length; c++)
            if (values[c] is null)
                throw new ClvDataException("The value is missing (NULL).", source, column: ValueNames[c], customerId: id);
        _ids[Count] = id;
        _x[Count] = x!.Value;
        _tx[Count] = tx!.Value;
        _t[Count] = t!.Value;
        _m[Count] = m!.Value;
        Count++;
    }

    public void Clear() => Count = 0;

    /// <summary>
    /// Checks that an existing prediction table has the columns <paramref name="scorer"/> writes (<c>customer_id</c>,
    /// then <see cref="CustomerScorer.Columns"/>, in order); otherwise a <see cref="ClvDataException"/> naming the table
    /// and the first differing column.
    /// </summary>
    public static void CheckTarget(IReadOnlyList<string> existing, CustomerScorer scorer, string targetName)
    {
        var wanted = scorer.Columns.Prepend("customer_id").ToList();
        if (!existing.SequenceEqual(wanted, StringComparer.Ordinal))
            throw new ClvDataException(
                $"The prediction table exists with the columns {string.Join(", ", existing)}, but this run writes {string.Join(", ", wanted)} (other spend model, valuation or interval options than the run that created it): drop it, or write to another table.",
                targetName, column: wanted.Except(existing).Concat(existing.Except(wanted)).FirstOrDefault());
    }

    /// <summary>Scores the rows; an invalid row (for example recency above T) names the source and customer.</summary>
    public void Score(string source)
    {
        int n = Count;
        RfmSummary summary;
        try
        {
            summary = new RfmSummary(_ids.AsSpan(0, n).ToArray(), _x.AsSpan(0, n), _tx.AsSpan(0, n), _t.AsSpan(0, n), _m.AsSpan(0, n), scorer.TimeUnit);
        }
        catch (ArgumentException e)
        {
            throw new ClvDataException(e.Message, source);
        }
        scorer.Score(summary, _values);
    }
}
