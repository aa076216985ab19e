using System.Text;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates.TimeVarying;
using Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

namespace Clv.Probabilistic.Tests.Data.Covariates.TimeVarying;

public class CovariatePathReaderTests
{
    private static CovariatePaths Read(string text, int? step = null) => CovariatePathReader.Read(
        new MemoryStream(Encoding.UTF8.GetBytes(text)), new CovariatePathReaderOptions { StepDays = step }, "cov.csv");

    private const string Good = "customer_id,date,season,group\n" +
        "a,2024-01-07,0,1\nb,2024-01-14,1,0\na,2024-01-14,1,1\na,2024-01-21,0,1\nb,2024-01-21,0,0\n";

    [Fact]
    public void Reads_a_weekly_grid_in_any_row_order()
    {
        var paths = Read(Good);
        Assert.Equal(7, paths.StepDays);
        Assert.Equal(["season", "group"], paths.CovariateNames);
        int a = paths.IndexOf("a");
        Assert.Equal(3, paths.StepCount(a));
        Assert.Equal(new DateOnly(2024, 1, 7), paths.FirstDate(a));
        Assert.Equal(new DateOnly(2024, 1, 28), paths.EndDate(a));
        Assert.Equal([1.0, 1.0], paths.Values(a, 1).ToArray());
        Assert.Equal(4, paths.LineNumber(a, 1));
    }

    [Theory]
    [InlineData("a,2024-01-14,x,1", "line 8", "column 'season'", "'x'")]
    [InlineData("a,2024-01-14,1,1", "line 8", "two rows dated 2024-01-14", "lines 4 and 8")]
    [InlineData("a,2024-02-04,1,1", "line 8", "gap", "1 step(s)")]
    [InlineData("a,2024-01-26,1,1", "line 8", "off the grid", "customer 'a'")]
    [InlineData("a,2024-13-01,1,1", "line 8", "column 'date'", "customer 'a'")]
    public void Bad_rows_are_named_by_file_line_column_and_customer(string row, string line, string what, string detail)
    {
        var e = Assert.Throws<ClvDataException>(() => Read(Good + "b,2024-01-28,0,0\n" + row + "\n"));
        Assert.Contains("cov.csv", e.Message);
        Assert.Contains(line, e.Message);
        Assert.Contains(what, e.Message);
        Assert.Contains(detail, e.Message);
    }

    [Fact]
    public void A_missing_column_and_an_uninferable_step_are_errors()
    {
        var missing = Assert.Throws<ClvDataException>(() => CovariatePathReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Good)),
            new CovariatePathReaderOptions { CovariateColumns = ["season", "channel"] }, "cov.csv"));
        Assert.Contains("'channel'", missing.Message);
        Assert.Throws<ClvDataException>(() => Read("customer_id,date,z\na,2024-01-07,1\n"));
        Assert.Equal(7, Read("customer_id,date,z\na,2024-01-07,1\n", step: 7).StepDays);
    }

    [Fact]
    public void Joining_checks_coverage_and_customers_and_leaves_the_files_alone()
    {
        var log = TransactionLog.FromArrays(["a", "a", "a", "b"],
            [new DateOnly(2024, 1, 9), new DateOnly(2024, 1, 9), new DateOnly(2024, 1, 16), new DateOnly(2024, 1, 15)], [1.0, 2, 3, 4]);
        var paths = Read(Good);
        var data = TimeVaryingParetoNbdData.Create(log, paths, new DateOnly(2024, 1, 20), TimeUnit.Weeks);
        int a = data.CustomerIds.ToList().IndexOf("a");
        Assert.Equal(1, data.Frequency[a]);                  // same-day purchases merged
        Assert.Equal(1.0, data.Recency[a], 12);
        Assert.Equal(11 / 7.0, data.T[a], 12);
        Assert.Equal([1.0, 1.0], data.Rows.PurchaseCovariates.AsSpan(2 * a, 2).ToArray()); // the purchase on 01-16 falls in the 01-14 row

        var late = Assert.Throws<ClvDataException>(() => TimeVaryingParetoNbdData.Create(log, paths, new DateOnly(2024, 1, 28), TimeUnit.Weeks));
        Assert.Contains("ends too early", late.Message);
        Assert.Contains("customer 'a'", late.Message);
        var early = TransactionLog.FromArrays(["a", "b"], [new DateOnly(2024, 1, 3), new DateOnly(2024, 1, 15)], [1.0, 1]);
        Assert.Contains("starts too late", Assert.Throws<ClvDataException>(() =>
            TimeVaryingParetoNbdData.Create(early, paths, new DateOnly(2024, 1, 20), TimeUnit.Weeks)).Message);
        var stranger = TransactionLog.FromArrays(["a", "b", "c"], [new DateOnly(2024, 1, 9), new DateOnly(2024, 1, 15), new DateOnly(2024, 1, 15)], [1.0, 1, 1]);
        Assert.Contains("customer 'c'", Assert.Throws<ClvDataException>(() =>
            TimeVaryingParetoNbdData.Create(stranger, paths, new DateOnly(2024, 1, 20), TimeUnit.Weeks)).Message);
        var onlyA = TransactionLog.FromArrays(["a"], [new DateOnly(2024, 1, 9)], [1.0]);
        Assert.Contains("customer 'b'", Assert.Throws<ClvDataException>(() =>
            TimeVaryingParetoNbdData.Create(onlyA, paths, new DateOnly(2024, 1, 20), TimeUnit.Weeks)).Message);
    }

    [Fact]
    public void The_apparel_summary_matches_the_rfm_summariser()
    {
        var log = Models.ParetoNbd.TimeVarying.ApparelData.Transactions();
        var data = Models.ParetoNbd.TimeVarying.ApparelData.Data;
        var summary = RfmSummarizer.Summarize(log, new SummaryOptions(Models.ParetoNbd.TimeVarying.ApparelData.CalibrationEnd, TimeUnit.Weeks) { DropTransactionsAfterEnd = true });
        var index = summary.CustomerIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        Assert.Equal(summary.Count, data.Count);
        for (int i = 0; i < data.Count; i++)
        {
            int j = index[data.CustomerIds[i]];
            Assert.Equal(summary.Frequency[j], data.Frequency[i]);
            Assert.Equal(summary.Recency[j], data.Recency[i], 12);
            Assert.Equal(summary.T[j], data.T[i], 12);
        }
    }
}
