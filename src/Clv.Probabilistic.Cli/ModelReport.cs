using System.Globalization;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;

namespace Clv.Probabilistic.Cli;

/// <summary>Prints fitted models: estimates with standard errors and intervals, log-likelihood, convergence, diagnostics.</summary>
internal static class ModelReport
{
    /// <summary>Prints a fitted BG/NBD model; returns whether the fit converged.</summary>
    public static bool Print(BgNbdModel model)
    {
        var statistics = model.FitStatistics ?? throw new InvalidOperationException("The model was not fitted.");
        Console.WriteLine(Invariant($"BG/NBD (maximum likelihood{(statistics.Penalty > 0 ? Invariant($", L2 penalty {statistics.Penalty}") : "")}), time unit: {model.TimeUnit.Name}, customers: {statistics.Customers}"));
        var p = model.Parameters;
        double[] values = [p.R, p.Alpha, p.A, p.B];
        var table = new TextTable("parameter", "estimate", "std. error", Invariant($"{statistics.ConfidenceLevel * 100:0.#}% CI lower"), "upper");
        for (int j = 0; j < 4; j++)
        {
            if (statistics.Estimates.Count == 4)
            {
                var e = statistics.Estimates[j];
                table.Add(e.Name, TextTable.Number(e.Estimate, "G7"), TextTable.Number(e.StandardError, "G4"), TextTable.Number(e.Lower, "G5"), TextTable.Number(e.Upper, "G5"));
            }
            else
            {
                table.Add(BgNbdParameters.Names[j], TextTable.Number(values[j], "G7"), "n/a", "n/a", "n/a");
            }
        }
        table.Write();
        Console.WriteLine(Invariant($"log-likelihood: {statistics.LogLikelihood:F4}"));
        Console.WriteLine(Invariant($"converged: {(statistics.Converged ? "yes" : "NO")} after {statistics.Iterations} iterations ({statistics.Status})"));
        if (statistics.Converged && statistics.Estimates.Count == 0)
            Console.WriteLine("standard errors: not available (the observed information is not positive definite: the parameters are weakly identified)");
        return statistics.Converged;
    }

    /// <summary>Prints a Gamma-Gamma fit with its spend-frequency diagnostic; warnings also go to standard error.</summary>
    public static void Print(GammaGammaFit fit, string commandName)
    {
        Console.WriteLine(Invariant($"Gamma-Gamma (maximum likelihood{(fit.Options.Penalty > 0 ? Invariant($", L2 penalty {fit.Options.Penalty}") : "")}), customers with repeat purchases: {fit.Data.TotalWeight} ({fit.Data.ExcludedCount} without are not used)"));
        var table = new TextTable("parameter", "estimate", "std. error", Invariant($"{fit.Options.ConfidenceLevel * 100:0.#}% CI lower"), "upper");
        for (int j = 0; j < 3; j++)
        {
            var e = fit.Estimates[j];
            table.Add(GammaGammaParameters.Names[j], TextTable.Number(e.Value, "G7"), TextTable.Number(e.StandardError, "G4"),
                TextTable.Number(e.Interval.Lower, "G5"), TextTable.Number(e.Interval.Upper, "G5"));
        }
        table.Write();
        Console.WriteLine(Invariant($"log-likelihood: {fit.LogLikelihood:F4}"));
        var optimum = fit.Estimate.Optimum;
        Console.WriteLine(Invariant($"converged: {(optimum.Converged ? "yes" : "NO")} after {optimum.Iterations} iterations (gradient norm {optimum.GradientNorm:G3})"));
        Console.WriteLine(fit.Parameters.HasFinitePopulationMean
            ? Invariant($"population mean spend per purchase p·gamma/(q − 1): {fit.Parameters.PopulationMeanSpend:F4}")
            : Invariant($"q = {fit.Parameters.Q:G4} ≤ 1: the population mean spend is infinite; customers without repeat purchases cannot be valued"));
        var correlation = fit.Correlation;
        Console.WriteLine(Invariant($"spend-frequency correlation corr(x, mean spend): {correlation.Coefficient:F3} (material above {correlation.Threshold:0.##}: {(correlation.IsMaterial ? "YES" : "no")})"));
        foreach (var warning in fit.Warnings) CliErrors.Warn(commandName, warning);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
