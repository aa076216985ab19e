using System.Globalization;
using System.Net;
using Clv.Probabilistic.Cli;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.Covariates;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Reporting.CustomerBase;
using Clv.Probabilistic.Tests.Cli;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>
/// The report of a purchase model with static covariates: the coefficient table with its Wald tests, the links in words and
/// the reference levels, read from the HTML; and <c>clv report --covariates</c>.
/// </summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class CovariateReportTests : IDisposable
{
    private static readonly DateOnly ObservationEnd = new(2008, 12, 31);

    private readonly string _folder = Directory.CreateTempSubdirectory("clv-covreport-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static CalibrationHoldoutSummary Apparel() => RfmSummarizer.SummarizeCalibrationHoldout(Datasets.ApparelTransactions(),
        Datasets.ApparelCalibrationEnd, new SummaryOptions(ObservationEnd, TimeUnit.Weeks) { DropTransactionsAfterEnd = true });

    /// <summary>Channel as text levels with "store" as reference, Gender standardised.</summary>
    private static CovariateTable Covariates()
    {
        var apparel = Datasets.ApparelStaticCovariates();
        var rows = Enumerable.Range(0, apparel.Count).ToArray();
        return CovariateTable.FromText(apparel.CustomerIds, [
            ("Gender", rows.Select(i => apparel.Value(i, 0)).ToArray()),
            ("Channel", rows.Select(i => apparel.Value(i, 1) == "1" ? "online" : "store").ToArray()),
        ]);
    }

    [Fact]
    public void ReportShowsTheCoefficientTableLinksAndReferenceLevels()
    {
        var data = Apparel();
        var definition = CovariateDefinition.Create(ParetoNbdDefinition.Instance, Covariates(), new CovariateSpecification { Constrained = ["Gender"] },
            new CovariateEncodingOptions { Standardize = true, ReferenceLevels = new Dictionary<string, string> { ["Channel"] = "store" } });
        var fit = (CovariateModelFit)ModelFitter.Fit(definition, data.Calibration);
        Assert.Equal(FitStatus.Converged, fit.Status);
        var report = CustomerBaseReport.Build(fit, data, options: new CustomerBaseReportOptions { TopCustomers = 5, IntervalDraws = 20 });
        string html = WebUtility.HtmlDecode(report.ToHtml());

        Assert.Contains("Pareto/NBD covariate coefficients", html, StringComparison.Ordinal);
        Assert.Contains("transaction: alpha_i = alpha·exp(−γ_trans·z_i)", html, StringComparison.Ordinal);
        Assert.Contains("lifetime: beta_i = beta·exp(−γ_life·z_i)", html, StringComparison.Ordinal);
        Assert.Contains("Channel: categorical, reference level 'store' (z = 0); one 0/1 dummy each for 'online'", html, StringComparison.Ordinal);
        Assert.Contains("Gender: numeric, standardised as (value − ", html, StringComparison.Ordinal);
        foreach (var row in fit.CoefficientTable())
        {
            string cells = $"<td>{row.Parameter}</td><td>{row.Covariate}</td><td>{string.Join(" and ", row.Processes.Select(p => p.ToString().ToLowerInvariant()))}</td>";
            int at = html.IndexOf(cells, StringComparison.Ordinal);
            Assert.True(at >= 0, $"No row for {row.Parameter}.");
            string tail = html[at..html.IndexOf("</tr>", at, StringComparison.Ordinal)];
            Assert.Contains(row.PValue.ToString("G3", CultureInfo.InvariantCulture), tail, StringComparison.Ordinal);
        }
        Assert.Contains("<td>Gender</td><td>Gender</td><td>transaction and lifetime</td>", html, StringComparison.Ordinal);
        // The heat map's made-up customers sit at z = 0, and the valued customers at their own parameters.
        Assert.Contains("for a customer with every covariate at z = 0 (reference levels)", html, StringComparison.Ordinal);
        var own = new double[data.Count];
        fit.PurchaseModel().ProbabilityAlive(data.Calibration, own);
        Assert.Equal(own, report.Evaluation.ProbabilityAlive.ToArray());
    }

    [Fact]
    public void ReportCommandFitsWithCovariates()
    {
        var log = Datasets.ApparelTransactions();
        var lines = new List<string> { "Id,Date,Price" };
        for (int i = 0; i < log.Count; i++)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{log.GetCustomerId(i)},{log.GetDate(i):yyyy-MM-dd},{log.Amounts[i]}"));
        File.WriteAllLines(PathOf("tx.csv"), lines);
        var covariates = Datasets.ApparelStaticCovariates();
        File.WriteAllLines(PathOf("cov.csv"), new[] { "Id,Gender,Channel" }.Concat(
            Enumerable.Range(0, covariates.Count).Select(i => $"{covariates.CustomerIds[i]},{covariates.Value(i, 0)},{covariates.Value(i, 1)}")));
        string[] Report(string covariatesFile) => ["report", "--transactions", PathOf("tx.csv"), "--customer-column", "Id", "--date-column", "Date",
            "--amount-column", "Price", "--calibration-end", "2006-12-31", "--observation-end", "2008-12-31", "--drop-after-end",
            "--model", "pareto-nbd", "--covariates", covariatesFile, "--output", PathOf("r.html"), "--force"];

        var (code, output, error) = CliRunner.Run(Report(PathOf("cov.csv")));
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("predicted by Pareto/NBD with covariates", CliRunner.LastStatus, StringComparison.Ordinal);
        string html = WebUtility.HtmlDecode(File.ReadAllText(PathOf("r.html")));
        Assert.Contains("<td>trans.Channel</td><td>Channel</td><td>transaction</td>", html, StringComparison.Ordinal);

        File.WriteAllLines(PathOf("short.csv"), File.ReadAllLines(PathOf("cov.csv")).Where(l => !l.StartsWith("42,", StringComparison.Ordinal)));
        (code, _, error) = CliRunner.Run(Report(PathOf("short.csv")));
        Assert.Equal(CliErrors.InputError, code);
        Assert.Contains("customer '42'", error, StringComparison.Ordinal);
    }
}
