using System.Globalization;
using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// <c>clv predict</c> with a retention-model file: per customer, from the renewals made so far (<c>--tenure-column</c>),
/// the probability of the next renewal, of <c>--horizon</c> more renewals, the DERL at <c>--discount-rate</c> per period,
/// and DERL times <c>--margin</c> (Fader &amp; Hardie 2010).
/// </summary>
internal static class RetentionPredict
{
    public static int Run(ModelFit fit, string modelPath, string input, string? tenureColumn, double horizon, double? discountRate,
        double margin, string output, IEnumerable<string> unusedOptions)
    {
        if (unusedOptions.FirstOrDefault() is { } unused)
            throw new ArgumentException($"{unused} does not apply to the retention model in {modelPath} ({fit.Definition.Name}).");
        if (tenureColumn is null)
            throw new ArgumentException($"--tenure-column is required with the retention model in {modelPath}: the column holding each customer's renewals so far.");
        if (discountRate is not double rate || !(rate > 0))
            throw new ArgumentException("--discount-rate d > 0 per period is required with a retention model (the DERL discounts each future renewal by 1/(1 + d)).");
        if (!(horizon >= 1) || horizon != Math.Floor(horizon) || horizon > int.MaxValue / 2)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--horizon {horizon}: a retention model needs a whole number of periods ≥ 1."));
        if (!fit.IsReliable) CliErrors.Warn("predict", $"{modelPath}: the {fit.Definition.DisplayName} fit is recorded as {ModelReport.Verdict(fit)}");
        var model = fit.RetentionModel();
        var (ids, renewals) = RetentionCsv.ReadTenures(input, tenureColumn);
        var rows = new Dictionary<int, (double Retention, double Survival, double Derl)>();
        foreach (int n in renewals)
            if (!rows.ContainsKey(n))
                rows[n] = (model.ConditionalSurvival(n, 1), model.ConditionalSurvival(n, (int)horizon), model.DiscountedExpectedResidualLifetime(n, rate));
        var c = CultureInfo.InvariantCulture;
        AtomicFile.WriteText(output, writer =>
        {
            writer.Write("customer_id,renewals,retention,survival,derl,residual_value\n");
            for (int i = 0; i < ids.Count; i++)
            {
                var (retention, survival, derl) = rows[renewals[i]];
                writer.Write(string.Create(c, $"{Csv(ids[i])},{renewals[i]},{retention:R},{survival:R},{derl:R},{margin * derl:R}\n"));
            }
        });
        CliErrors.Status(string.Create(c,
            $"Predicted {ids.Count} customers ({fit.Definition.DisplayName}): survival over {horizon} periods, DERL at discount rate {rate} per period, margin {margin}: {output}"));
        return 0;
    }

    private static string Csv(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
