using System.Globalization;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Models.GammaGamma;

/// <summary>
/// The customers the Gamma-Gamma likelihood is defined on: those with x ≥ 1 repeat transactions and their mean repeat
/// spend z̄ &gt; 0, with row weights. Customers with x = 0 carry no spend information and are excluded (and counted).
/// </summary>
/// <remarks>
/// Fader, Hardie &amp; Lee (2005), "RFM and CLV", JMR 42(4): the model is fitted to the 946 CDNOW customers with at
/// least one repeat purchase. Rows are grouped by their distinct x so the likelihood needs lnΓ and ψ once per group.
/// </remarks>
public sealed class GammaGammaData
{
    private readonly Func<int, string> _idOf;
    private string[]? _customerIds;
    private readonly RfmSummary? _summary;
    private readonly double[] _frequency;
    private readonly double[]? _weights;
    private double[]? _unitWeights;
    private double[]? _meanSpend;
    private int[]? _sourceRows;
    private readonly double[] _weightedFrequency;
    private readonly double[] _inverseFrequencySpend;
    private readonly double[] _logFrequencySpend;
    private readonly double _weightedSpend;

    /// <summary>Builds the data from columns; rows with x = 0 are excluded.</summary>
    /// <param name="frequency">x: number of repeat transactions; whole numbers ≥ 0.</param>
    /// <param name="meanSpend">z̄: mean value of the repeat transactions; &gt; 0 wherever x ≥ 1.</param>
    /// <param name="weights">How many customers each row stands for; empty means 1 for every row.</param>
    /// <param name="customerIds">Identifiers used in error messages and results; null means the row numbers.</param>
    /// <exception cref="ArgumentException">Lengths differ, or a row is invalid (the message names the customer).</exception>
    public GammaGammaData(ReadOnlySpan<double> frequency, ReadOnlySpan<double> meanSpend,
        ReadOnlySpan<double> weights = default, IReadOnlyList<string>? customerIds = null)
        : this(frequency, meanSpend, weights, customerIds, null)
    {
    }

    /// <param name="frequency">x.</param>
    /// <param name="meanSpend">z̄.</param>
    /// <param name="weights">Row weights.</param>
    /// <param name="customerIds">Identifiers.</param>
    /// <param name="summary">
    /// The summary the columns come from, whose file and lines name a bad row, and from which the columns of the included
    /// rows that the likelihood does not read (z̄, source rows) are taken when asked for; or null (they are kept here).
    /// </param>
    private GammaGammaData(ReadOnlySpan<double> frequency, ReadOnlySpan<double> meanSpend,
        ReadOnlySpan<double> weights, IReadOnlyList<string>? customerIds, RfmSummary? summary)
    {
        int n = frequency.Length;
        if (meanSpend.Length != n || (!weights.IsEmpty && weights.Length != n) || (customerIds is not null && customerIds.Count != n))
            throw new ArgumentException(
                $"Gamma-Gamma columns differ in length: frequency {n}, mean spend {meanSpend.Length}, weights {weights.Length}, ids {customerIds?.Count ?? n}.");

        // Ids are made only when asked for (an error message, CustomerIds): a summary read from a file keeps them as bytes.
        string[]? given = customerIds?.ToArray();
        _idOf = summary is not null ? row => summary.CustomerIds[row]
            : given is not null ? row => given[row]
            : row => row.ToString(CultureInfo.InvariantCulture);
        _summary = summary;
        // One pass checks every row and counts the repeat customers, so the columns are made at their final size.
        int count = 0, countBeforeHalf = 0, half = n / 2;
        bool unitWeights = true;
        for (int i = 0; i < n; i++)
        {
            if (i == half) countBeforeHalf = count;
            string Id() => _idOf(i);
            string Who() => summary?.Source is not null ? summary.Where(i) : $"Customer '{Id()}' (row {i})";
            double xi = frequency[i], zi = meanSpend[i], wi = weights.IsEmpty ? 1.0 : weights[i];
            if (!double.IsFinite(xi) || xi < 0 || xi != Math.Floor(xi))
                throw new ArgumentException($"{Who()}: frequency {xi.ToString(CultureInfo.InvariantCulture)} is not a non-negative whole number.");
            if (!double.IsFinite(wi) || wi <= 0)
                throw new ArgumentException($"{Who()}: weight {wi.ToString(CultureInfo.InvariantCulture)} is not a finite positive number.");
            if (xi == 0)
            {
                ExcludedCount++;
                ExcludedWeight += wi;
                continue;
            }
            if (!double.IsFinite(zi) || zi <= 0)
                throw new ArgumentException(
                    $"{Who()} has {xi.ToString(CultureInfo.InvariantCulture)} repeat transactions but mean repeat spend {zi.ToString(CultureInfo.InvariantCulture)}; the Gamma-Gamma model needs a finite mean spend > 0.");
            count++;
            unitWeights &= wi == 1;
        }
        // Only what the likelihood reads is made here (fresh memory is costly: a million customers' columns take tens of
        // milliseconds to touch); weights that are all 1, z̄ and the source rows of a summary's customers when asked for.
        _frequency = new double[count];
        _weights = unitWeights ? null : new double[count];
        _inverseFrequencySpend = new double[count];
        _logFrequencySpend = new double[count];
        if (summary is null)
        {
            _meanSpend = new double[count];
            _sourceRows = new int[count];
        }
        // A summary's rows are filled in two halves on both cores while the sums over all rows are made in row order.
        double weightedSpend = 0;
        if (summary is not null && n >= ParallelRows)
        {
            Parallel.Invoke(
                () => Groups = Sum(summary.Frequency, summary.MonetaryValue, summary.StoredWeights, out weightedSpend),
                () => Fill(summary.Frequency, summary.MonetaryValue, summary.StoredWeights, 0, half, 0),
                () => Fill(summary.Frequency, summary.MonetaryValue, summary.StoredWeights, half, n, countBeforeHalf));
        }
        else
        {
            Fill(frequency, meanSpend, weights, 0, n, 0);
            Groups = Sum(frequency, meanSpend, weights, out weightedSpend);
        }
        // w·x is x itself where every weight is 1.
        _weightedFrequency = unitWeights ? _frequency : new double[count];
        if (!unitWeights)
            for (int k = 0; k < count; k++) _weightedFrequency[k] = _weights![k] * _frequency[k];
        _weightedSpend = weightedSpend;
    }

    /// <summary>Rows from which a summary's rows are filled on two threads.</summary>
    private const int ParallelRows = 1 << 16;

    /// <summary>Fills the columns of the included rows among source rows [start, end), the first of them at <paramref name="k"/>.</summary>
    private void Fill(ReadOnlySpan<double> frequency, ReadOnlySpan<double> meanSpend, ReadOnlySpan<double> weights,
        int start, int end, int k)
    {
        for (int i = start; i < end; i++)
        {
            double xi = frequency[i];
            if (xi == 0) continue;
            double zi = meanSpend[i], xz = xi * zi;
            _frequency[k] = xi;
            if (_weights is not null) _weights[k] = weights.IsEmpty ? 1.0 : weights[i];
            if (_summary is null)
            {
                _meanSpend![k] = zi;
                _sourceRows![k] = i;
            }
            _inverseFrequencySpend[k] = 1.0 / xz;
            _logFrequencySpend[k] = Math.Log(xz);
            k++;
        }
    }

    /// <summary>The per-x weights and Σ w ln z̄ (<see cref="FrequencyGroups"/>) and Σ w z̄ of the included rows, in row order.</summary>
    private static FrequencyGroups Sum(ReadOnlySpan<double> frequency, ReadOnlySpan<double> meanSpend, ReadOnlySpan<double> weights,
        out double weightedSpend)
    {
        var groups = new FrequencyGroups.Builder();
        weightedSpend = 0;
        for (int i = 0; i < frequency.Length; i++)
        {
            double xi = frequency[i];
            if (xi == 0) continue;
            double zi = meanSpend[i], wi = weights.IsEmpty ? 1.0 : weights[i];
            groups.Add(xi, zi, wi);
            weightedSpend += wi * zi;
        }
        return groups.Build();
    }

    /// <summary>Takes the repeat customers of an RFM summary (frequency and monetary value columns).</summary>
    /// <exception cref="ArgumentException">A customer with x ≥ 1 has a mean spend ≤ 0 (the message names the customer).</exception>
    public static GammaGammaData FromSummary(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        summary.RequireMonetaryValue("Gamma-Gamma");
        return new GammaGammaData(summary.Frequency, summary.MonetaryValue, summary.StoredWeights, null, summary);
    }

    /// <summary>Number of included rows (x ≥ 1).</summary>
    public int Count => _frequency.Length;

    /// <summary>Identifiers of the included rows.</summary>
    public IReadOnlyList<string> CustomerIds => _customerIds ??= Array.ConvertAll(SourceRowArray(), row => _idOf(row));

    /// <summary>x of the included rows.</summary>
    public ReadOnlySpan<double> Frequency => _frequency;

    /// <summary>z̄ of the included rows.</summary>
    public ReadOnlySpan<double> MeanSpend => _meanSpend ??= Included(_summary!.MonetaryValue);

    /// <summary>Weights of the included rows.</summary>
    public ReadOnlySpan<double> Weights => _weights ?? (_unitWeights ??= Ones(Count));

    /// <summary>Index in the source columns of each included row.</summary>
    public ReadOnlySpan<int> SourceRows => SourceRowArray();

    /// <summary>Number of rows excluded because x = 0.</summary>
    public int ExcludedCount { get; }

    /// <summary>Total weight of the rows excluded because x = 0.</summary>
    public double ExcludedWeight { get; }

    /// <summary>Total weight of the included rows.</summary>
    public double TotalWeight => Groups.TotalWeight;

    internal FrequencyGroups Groups { get; private set; } = null!;

    /// <summary>Whether every weight is 1 (the likelihood then reads no weight column).</summary>
    internal bool HasUnitWeights => _weights is null;

    /// <summary>The weighted mean of z̄, Σ w z̄ / Σ w, summed in row order.</summary>
    internal double WeightedMeanSpend => _weightedSpend / TotalWeight;

    /// <summary>w·x per row, precomputed for the likelihood's weighted sums.</summary>
    internal ReadOnlySpan<double> WeightedFrequency => _weightedFrequency;

    /// <summary>1/(x z̄) per row, precomputed for the likelihood's u = γ/(x z̄).</summary>
    internal ReadOnlySpan<double> InverseFrequencySpend => _inverseFrequencySpend;

    /// <summary>ln(x z̄) per row, for ln u = ln γ − ln(x z̄).</summary>
    internal ReadOnlySpan<double> LogFrequencySpend => _logFrequencySpend;

    /// <summary>
    /// Columns x, z̄, w whose rows with x ≠ 0 are the included rows in order: the source summary's when the data come from
    /// one (read without copying), else the included rows themselves. The weights are empty when every weight is 1.
    /// </summary>
    internal void Columns(out ReadOnlySpan<double> frequency, out ReadOnlySpan<double> meanSpend, out ReadOnlySpan<double> weights)
    {
        if (_summary is { } summary)
        {
            frequency = summary.Frequency;
            meanSpend = summary.MonetaryValue;
            weights = summary.StoredWeights;
            return;
        }
        frequency = _frequency;
        meanSpend = _meanSpend;
        weights = _weights;
    }

    private int[] SourceRowArray()
    {
        if (_sourceRows is { } rows) return rows;
        ReadOnlySpan<double> x = _summary!.Frequency;
        rows = new int[Count];
        for (int i = 0, k = 0; k < rows.Length; i++)
            if (x[i] != 0) rows[k++] = i;
        return _sourceRows = rows;
    }

    /// <summary>The values of <paramref name="column"/> (a source column) at the included rows.</summary>
    private double[] Included(ReadOnlySpan<double> column)
    {
        ReadOnlySpan<double> x = _summary!.Frequency;
        var values = new double[Count];
        for (int i = 0, k = 0; k < values.Length; i++)
            if (x[i] != 0) values[k++] = column[i];
        return values;
    }

    private static double[] Ones(int count)
    {
        var ones = new double[count];
        Array.Fill(ones, 1.0);
        return ones;
    }

    /// <summary>Per distinct x: total weight; over all rows: Σ w ln z̄ (per row, ln z̄ is not needed beyond this sum).</summary>
    internal sealed class FrequencyGroups
    {
        private FrequencyGroups(double[] frequency, double[] weight, double weightedLogSpend, double totalWeight)
        {
            Frequency = frequency;
            Weight = weight;
            WeightedLogSpend = weightedLogSpend;
            TotalWeight = totalWeight;
        }

        public double[] Frequency { get; }
        public double[] Weight { get; }
        public double WeightedLogSpend { get; }
        public double TotalWeight { get; }

        /// <summary>Takes the rows one at a time, in order (the sums are in row order).</summary>
        public sealed class Builder
        {
            // Frequencies are whole numbers ≥ 1: numbered through a table while they are small, else a dictionary.
            private const int TableLimit = 1 << 16;
            private readonly int[] _table = new int[TableLimit];
            private readonly Dictionary<double, int> _index = [];
            private readonly List<double> _x = [];
            private readonly List<double> _weight = [];
            private double _weightedLogSpend, _totalWeight;

            public void Add(double x, double meanSpend, double weight)
            {
                int g;
                if (x < TableLimit)
                {
                    ref int slot = ref _table[(int)x];
                    if (slot == 0)
                    {
                        _x.Add(x);
                        _weight.Add(0);
                        slot = _x.Count;
                    }
                    g = slot - 1;
                }
                else if (!_index.TryGetValue(x, out g))
                {
                    g = _x.Count;
                    _index.Add(x, g);
                    _x.Add(x);
                    _weight.Add(0);
                }
                _weight[g] += weight;
                _weightedLogSpend += weight * Math.Log(meanSpend);
                _totalWeight += weight;
            }

            public FrequencyGroups Build() => new(_x.ToArray(), _weight.ToArray(), _weightedLogSpend, _totalWeight);
        }
    }
}
