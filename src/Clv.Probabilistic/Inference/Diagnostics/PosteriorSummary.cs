using System.Globalization;
using System.Text;
using Clv.Probabilistic.Inference.Laplace;
using Clv.Probabilistic.Inference.Optimization;
using Clv.Probabilistic.Inference.Sampling;

namespace Clv.Probabilistic.Inference.Diagnostics;

/// <summary>One parameter's row of a <see cref="PosteriorSummary"/>.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Mean">Posterior mean.</param>
/// <param name="StandardDeviation">Posterior standard deviation.</param>
/// <param name="McseMean">Monte Carlo standard error of the mean.</param>
/// <param name="Quantiles">Posterior quantiles at <see cref="PosteriorSummary.QuantileLevels"/>.</param>
/// <param name="RHat">Rank-normalised split R̂ (max of bulk and tail); NaN for constant draws.</param>
/// <param name="EssBulk">Bulk effective sample size.</param>
/// <param name="EssTail">Tail effective sample size.</param>
public sealed record PosteriorSummaryRow(string Name, double Mean, double StandardDeviation, double McseMean,
    IReadOnlyList<double> Quantiles, double RHat, double EssBulk, double EssTail);

/// <summary>Per-parameter posterior summary with convergence diagnostics and the warnings they raise.</summary>
/// <remarks>Diagnostics as in <see cref="McmcDiagnostics"/> (Vehtari et al. 2021).</remarks>
public sealed class PosteriorSummary
{
    private PosteriorSummary(IReadOnlyList<double> levels, IReadOnlyList<PosteriorSummaryRow> rows,
        IReadOnlyList<DiagnosticWarning> warnings)
    {
        QuantileLevels = levels;
        Rows = rows;
        Warnings = warnings;
    }

    /// <summary>Quantile levels of <see cref="PosteriorSummaryRow.Quantiles"/>.</summary>
    public IReadOnlyList<double> QuantileLevels { get; }

    /// <summary>One row per parameter, in the order of the draws.</summary>
    public IReadOnlyList<PosteriorSummaryRow> Rows { get; }

    /// <summary>Warnings: sampler problems first, then parameters with high R̂ or low ESS. Empty when all is well.</summary>
    public IReadOnlyList<DiagnosticWarning> Warnings { get; }

    /// <summary>The row of the parameter named <paramref name="name"/>.</summary>
    public PosteriorSummaryRow this[string name] =>
        Rows.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No parameter named '{name}' in the summary.");

    /// <summary>Summarises draws of any origin (several chains of equal length, at least 8 draws each).</summary>
    /// <param name="draws">The draws.</param>
    /// <param name="quantiles">Quantile levels in (0, 1); default 0.05, 0.5, 0.95.</param>
    /// <param name="thresholds">Warning thresholds.</param>
    public static PosteriorSummary Create(ParameterDraws draws, IReadOnlyList<double>? quantiles = null,
        DiagnosticThresholds? thresholds = null) => Create(draws, quantiles, thresholds, []);

    internal static PosteriorSummary Create(ParameterDraws draws, IReadOnlyList<double>? quantiles,
        DiagnosticThresholds? thresholds, IReadOnlyList<DiagnosticWarning> samplerWarnings)
    {
        ArgumentNullException.ThrowIfNull(draws);
        thresholds ??= DiagnosticThresholds.Default;
        var levels = (quantiles ?? [0.05, 0.5, 0.95]).ToArray();
        foreach (double level in levels)
            if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(quantiles), level, "Quantile levels must lie in (0, 1).");

        var rows = new List<PosteriorSummaryRow>();
        var warnings = new List<DiagnosticWarning>(samplerWarnings);
        double minEss = thresholds.MinEssPerChain * draws.ChainCount;
        for (int j = 0; j < draws.Dimension; j++)
        {
            var chains = McmcDiagnostics.ChainColumns(draws, j);
            var sorted = McmcDiagnostics.Pooled(chains);
            Array.Sort(sorted);
            double mean = sorted.Average();
            double sd = Math.Sqrt(sorted.Sum(v => (v - mean) * (v - mean)) / (sorted.Length - 1));
            var row = new PosteriorSummaryRow(draws.Names[j], mean, sd, McmcDiagnostics.McseMean(chains),
                levels.Select(p => McmcDiagnostics.QuantileOfSorted(sorted, p)).ToArray(),
                McmcDiagnostics.RHat(chains), McmcDiagnostics.EssBulk(chains), McmcDiagnostics.EssTail(chains));
            rows.Add(row);
            string name = row.Name;
            if (row.RHat > thresholds.MaxRHat)
                warnings.Add(new DiagnosticWarning(DiagnosticKind.HighRHat, name,
                    $"{name}: R-hat {row.RHat:0.000} > {thresholds.MaxRHat}; the chains have not converged to a common distribution. Do not use these draws."));
            else if (double.IsNaN(row.RHat))
                warnings.Add(new DiagnosticWarning(DiagnosticKind.HighRHat, name,
                    $"{name}: R-hat cannot be computed because the draws do not vary; the chains may be stuck. Do not use these draws."));
            if (!(row.EssBulk >= minEss))
                warnings.Add(new DiagnosticWarning(DiagnosticKind.LowBulkEss, name, double.IsNaN(row.EssBulk)
                    ? $"{name}: bulk ESS cannot be computed because the draws do not vary; the posterior mean and median are unreliable. Run longer chains."
                    : $"{name}: bulk ESS {row.EssBulk:0} < {minEss:0}; the posterior mean and median are unreliable. Run longer chains."));
            if (!(row.EssTail >= minEss))
                warnings.Add(new DiagnosticWarning(DiagnosticKind.LowTailEss, name, double.IsNaN(row.EssTail)
                    ? $"{name}: tail ESS cannot be computed (too few draws beyond the 5% or 95% quantile); the 5% and 95% quantiles are unreliable. Run longer chains."
                    : $"{name}: tail ESS {row.EssTail:0} < {minEss:0}; the 5% and 95% quantiles are unreliable. Run longer chains."));
        }
        return new PosteriorSummary(levels, rows, warnings);
    }

    /// <summary>A fixed-width table, one line per parameter, followed by the warnings.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var header = new List<string> { "parameter", "mean", "sd", "mcse" };
        header.AddRange(QuantileLevels.Select(p => (100 * p).ToString("0.##", c) + "%"));
        header.AddRange(["r_hat", "ess_bulk", "ess_tail"]);
        var table = new List<string[]> { header.ToArray() };
        foreach (var row in Rows)
        {
            var cells = new List<string> { row.Name, Number(row.Mean), Number(row.StandardDeviation), Number(row.McseMean) };
            cells.AddRange(row.Quantiles.Select(Number));
            cells.Add(row.RHat.ToString("0.000", c));
            cells.Add(row.EssBulk.ToString("0", c));
            cells.Add(row.EssTail.ToString("0", c));
            table.Add(cells.ToArray());
        }
        var widths = Enumerable.Range(0, header.Count).Select(k => table.Max(r => r[k].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var line in table)
        {
            for (int k = 0; k < line.Length; k++)
            {
                if (k == 0) text.Append(line[k].PadRight(widths[k]));
                else text.Append("  ").Append(line[k].PadLeft(widths[k]));
            }
            text.AppendLine();
        }
        if (Warnings.Count > 0)
        {
            text.AppendLine().AppendLine($"WARNINGS ({Warnings.Count}):");
            foreach (var warning in Warnings) text.Append("  ! ").AppendLine(warning.Message);
        }
        return text.ToString();

        string Number(double v) => Math.Abs(v) >= 1e5 || (v != 0 && Math.Abs(v) < 1e-3)
            ? v.ToString("0.###e+0", c)
            : v.ToString("0.####", c);
    }
}
