using System.Globalization;
using System.Text.Json.Nodes;
using Clv.Probabilistic.Tests.Cli;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd.TimeVarying;

/// <summary>clv fit and clv predict with --time-varying-covariates on the apparel data.</summary>
[Collection(nameof(SummarizeCliCollection))]
public class TimeVaryingCliTests
{
    [Fact]
    public void Fit_writes_the_coefficients_and_predict_reads_them()
    {
        string folder = Path.Combine(Path.GetTempPath(), "clv-tv-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string model = Path.Combine(folder, "tv.json"), predictions = Path.Combine(folder, "p.csv");
            string covariates = ApparelData.CovariatesPath;
            long before = new FileInfo(covariates).Length;
            var fit = CliRunner.Run("fit", "--model", "pareto-nbd", "--input", ApparelData.TransactionsPath, "--customer-column", "Id",
                "--date-column", "Date", "--calibration-end", "2006-12-31", "--time-unit", "weeks", "--time-varying-covariates", covariates,
                "--covariate-id-column", "Id", "--covariate-date-column", "Cov.Date", "--covariate-columns", "Gender,Channel", "--output", model);
            Assert.True(fit.ExitCode == 0, fit.Error);
            Assert.Contains("trans.Channel", fit.Out);
            Assert.Contains("p-value", fit.Out);
            var document = JsonNode.Parse(File.ReadAllText(model))!;
            Assert.Equal(["Gender", "Channel"], document["covariates"]!.AsArray().Select(n => (string)n!));
            Assert.Equal(-5821.0627, (double)document["log_likelihood"]!, 1e-3);

            var predict = CliRunner.Run("predict", "--model", model, "--input", ApparelData.TransactionsPath, "--customer-column", "Id",
                "--date-column", "Date", "--time-varying-covariates", covariates, "--covariate-id-column", "Id",
                "--covariate-date-column", "Cov.Date", "--horizon", "52", "--discount-rate", "0.002", "--output", predictions);
            Assert.True(predict.ExitCode == 0, predict.Error);
            var lines = File.ReadAllLines(predictions);
            Assert.Equal("customer_id,frequency,recency,T,p_alive,expected_purchases,discounted_expected_purchases", lines[0]);
            Assert.Equal(601, lines.Length);
            var first = lines[1].Split(',').Skip(4).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(first[0], 0, 1);
            Assert.True(first[2] > 0 && first[2] < first[1], "discounting lowers the expectation");

            var tooLong = CliRunner.Run("predict", "--model", model, "--input", ApparelData.TransactionsPath, "--customer-column", "Id",
                "--date-column", "Date", "--time-varying-covariates", covariates, "--covariate-id-column", "Id",
                "--covariate-date-column", "Cov.Date", "--horizon", "60", "--output", Path.Combine(folder, "q.csv"));
            Assert.NotEqual(0, tooLong.ExitCode);
            Assert.Contains("ends too early", tooLong.Error);
            Assert.Equal(before, new FileInfo(covariates).Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
