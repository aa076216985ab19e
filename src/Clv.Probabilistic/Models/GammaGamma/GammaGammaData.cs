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
    private readonly double[] _frequency;
    private readonly double[] _meanSpend;
    private readonly double[] _weights;
    private readonly int[] _sourceRows;
    private readonly double[] _weightedFrequency;
    private readonly double[] _inverseFrequencySpend;
    private readonly double[] _logFrequencySpend;

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
    /// <param name="summary">The summary the columns come from, whose file and lines name a bad row; or null.</param>
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
        // One pass checks every row and counts the repeat customers, so the columns are made at their final size.
        int count = 0;
        bool unitWeights = true;
        for (int i = 0; i < n; i++)
        {
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
        _frequency = new double[count];
        _meanSpend = new double[count];
        _weights = new double[count];
        _sourceRows = new int[count];
        _inverseFrequencySpend = new double[count];
        _logFrequencySpend = new double[count];
        for (int i = 0, k = 0; k < count; i++)
        {
            double xi = frequency[i];
            if (xi == 0) continue;
            double zi = meanSpend[i], xz = xi * zi;
            _frequency[k] = xi;
            _meanSpend[k] = zi;
            _weights[k] = weights.IsEmpty ? 1.0 : weights[i];
            _sourceRows[k] = i;
            _inverseFrequencySpend[k] = 1.0 / xz;
            _logFrequencySpend[k] = Math.Log(xz);
            k++;
        }
        // w·x is x itself where every weight is 1.
        _weightedFrequency = unitWeights ? _frequency : new double[count];
        if (!unitWeights)
            for (int k = 0; k < count; k++) _weightedFrequency[k] = _weights[k] * _frequency[k];
        Groups = new FrequencyGroups(_frequency, _meanSpend, _weights);
    }

    /// <summary>Takes the repeat customers of an RFM summary (frequency and monetary value columns).</summary>
    /// <exception cref="ArgumentException">A customer with x ≥ 1 has a mean spend ≤ 0 (the message names the customer).</exception>
    public static GammaGammaData FromSummary(RfmSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        summary.RequireMonetaryValue("Gamma-Gamma");
        return new GammaGammaData(summary.Frequency, summary.MonetaryValue, summary.Weights, null, summary);
    }

    /// <summary>Number of included rows (x ≥ 1).</summary>
    public int Count => _frequency.Length;

    /// <summary>Identifiers of the included rows.</summary>
    public IReadOnlyList<string> CustomerIds => _customerIds ??= Array.ConvertAll(_sourceRows, row => _idOf(row));

    /// <summary>x of the included rows.</summary>
    public ReadOnlySpan<double> Frequency => _frequency;

    /// <summary>z̄ of the included rows.</summary>
    public ReadOnlySpan<double> MeanSpend => _meanSpend;

    /// <summary>Weights of the included rows.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>Index in the source columns of each included row.</summary>
    public ReadOnlySpan<int> SourceRows => _sourceRows;

    /// <summary>Number of rows excluded because x = 0.</summary>
    public int ExcludedCount { get; }

    /// <summary>Total weight of the rows excluded because x = 0.</summary>
    public double ExcludedWeight { get; }

    /// <summary>Total weight of the included rows.</summary>
    public double TotalWeight => Groups.TotalWeight;

    internal FrequencyGroups Groups { get; }

    /// <summary>w·x per row, precomputed for the likelihood's weighted sums.</summary>
    internal ReadOnlySpan<double> WeightedFrequency => _weightedFrequency;

    /// <summary>1/(x z̄) per row, precomputed for the likelihood's u = γ/(x z̄).</summary>
    internal ReadOnlySpan<double> InverseFrequencySpend => _inverseFrequencySpend;

    /// <summary>ln(x z̄) per row, for ln u = ln γ − ln(x z̄).</summary>
    internal ReadOnlySpan<double> LogFrequencySpend => _logFrequencySpend;

    /// <summary>Per distinct x: total weight; over all rows: Σ w ln z̄ (per row, ln z̄ is not needed beyond this sum).</summary>
    internal sealed class FrequencyGroups
    {
        public FrequencyGroups(double[] frequency, double[] meanSpend, double[] weights)
        {
            // Frequencies are whole numbers ≥ 1: numbered through a table while they are small, else a dictionary.
            const int TableLimit = 1 << 16;
            var table = new int[TableLimit];
            var index = new Dictionary<double, int>();
            var x = new List<double>();
            var weight = new List<double>();
            double weightedLogSpend = 0, totalWeight = 0;
            for (int i = 0; i < frequency.Length; i++)
            {
                double xi = frequency[i];
                int g;
                if (xi < TableLimit)
                {
                    ref int slot = ref table[(int)xi];
                    if (slot == 0)
                    {
                        x.Add(xi);
                        weight.Add(0);
                        slot = x.Count;
                    }
                    g = slot - 1;
                }
                else if (!index.TryGetValue(xi, out g))
                {
                    g = x.Count;
                    index.Add(xi, g);
                    x.Add(xi);
                    weight.Add(0);
                }
                weight[g] += weights[i];
                weightedLogSpend += weights[i] * Math.Log(meanSpend[i]);
                totalWeight += weights[i];
            }
            Frequency = x.ToArray();
            Weight = weight.ToArray();
            WeightedLogSpend = weightedLogSpend;
            TotalWeight = totalWeight;
        }

        public double[] Frequency { get; }
        public double[] Weight { get; }
        public double WeightedLogSpend { get; }
        public double TotalWeight { get; }
    }
}
