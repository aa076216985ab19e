using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Retention;
using Clv.Probabilistic.Tests.Models.Retention;

namespace Clv.Probabilistic.Tests.Data.Retention;

public class RetentionCsvTests
{
    private static CohortTable Cohorts(string text) => RetentionCsv.ReadCohorts(new StringReader(text), "c.csv");

    [Fact]
    public void ReadsCohortsOfDifferentLengthsInAnyInterleaving()
    {
        var table = Cohorts("cohort,period,alive\na,0,100\nb,0,50\na,1,80\nb,1,40\na,2,70\n\n");
        Assert.Equal(["a", "b"], table.Cohorts.Select(c => c.Name));
        Assert.Equal([100.0, 80, 70], table["a"].Alive);
        Assert.Equal(2, table["a"].Periods);
        var a = table["a"].ToRetentionData();
        Assert.Equal([1, 2, 2], a.Periods.ToArray());
        Assert.Equal([true, true, false], a.Churned.ToArray());
        Assert.Equal([20.0, 10, 70], a.Weights.ToArray());
        var pooled = table.Pooled();
        Assert.Equal(150, pooled.TotalWeight);
        Assert.Equal(5, pooled.Count);
        Assert.Contains("'a', 'b'", Assert.Throws<ArgumentException>(() => table["c"]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsTheFaderHardieCohortsAndAFileWithoutCohortColumn()
    {
        var table = RetentionTestData.Cohorts();
        Assert.Equal(["regular", "high end"], table.Cohorts.Select(c => c.Name));
        Assert.Equal([1000.0, 631, 468, 382, 326, 289, 262, 241], table["regular"].Alive);
        var single = Cohorts("period,alive\n0,10\n1,10\n2,3\n");
        Assert.Equal("", Assert.Single(single.Cohorts).Name);
        Assert.Equal([2, 2], single.Cohorts[0].ToRetentionData().Periods.ToArray());
    }

    public static TheoryData<string, string> BadCohortFiles => new()
    {
        { "cohort,period,alive\na,0,100\na,1,80\na,2,90\n", "c.csv, line 4, column 'alive': Cohort 'a', period 2: 90 customers alive is more than the 80 alive at period 1: a survival count cannot rise." },
        { "cohort,period,alive\na,0,100\na,1,120\n", "c.csv, line 3, column 'alive': Cohort 'a', period 1: 120 customers alive is more than the cohort's 100 members at period 0." },
        { "period,alive\n0,100\n1,-3\n", "c.csv, line 3, column 'alive': Cohort '', period 1: -3 customers alive is not a count ≥ 0." },
        { "period,alive\n0,100\n1,3.5\n", "c.csv, line 3, column 'alive': Cohort '', period 1: 3.5 customers alive is not a whole number." },
        { "cohort,period,alive\na,0,100\na,1,80\na,3,70\n", "c.csv, line 4, column 'period': Cohort 'a' jumps from period 1 to period 3: period 2 is missing." },
        { "cohort,period,alive\na,0,100\na,1,80\na,1,70\n", "c.csv, line 4, column 'period': Period 1 of cohort 'a' appears again (or out of order): its rows must run 0, 1, 2, … and period 2 comes next." },
        { "cohort,period,alive\na,1,100\n", "c.csv, line 2, column 'period': Cohort 'a' starts at period 1; its first row must be period 0 (acquisition)." },
        { "cohort,period,alive\na,0,0\n", "c.csv, line 2, column 'alive': Cohort 'a', period 0: the cohort has no members at period 0 (acquisition)." },
        { "period,alive\n0,100\nx,3\n", "c.csv, line 3, column 'period': 'x' is not a whole number ≥ 0." },
        { "period,alive\n0,100\n1,many\n", "c.csv, line 3, column 'alive': 'many' is not a number." },
        { "period,alive\n0,100\n1\n", "c.csv, line 3: The line has 1 fields; the header has 2." },
        { "cohort,year,alive\na,0,100\n", "c.csv, line 1: Column 'period' is missing; the columns are: cohort, year, alive." },
        { "period,alive\n", "c.csv, line 1: The cohort table has a header but no rows." },
        { "", "c.csv: The file is empty." },
    };

    [Theory]
    [MemberData(nameof(BadCohortFiles))]
    public void BadCohortTablesAreRefusedWithTheirPlace(string text, string message) =>
        Assert.Equal(message, Assert.Throws<ClvDataException>(() => Cohorts(text)).Message);

    [Fact]
    public void ReadsCustomersDurations()
    {
        var data = RetentionCsv.ReadCustomers(new StringReader("customer_id,periods,churned,weight\nx,3,1,2\ny,0,no,1\nz,5,false,0.5\n"), "i.csv");
        Assert.Equal([3, 0, 5], data.Periods.ToArray());
        Assert.Equal([true, false, false], data.Churned.ToArray());
        Assert.Equal(3.5, data.TotalWeight);
        Assert.Equal("y", data.CustomerId(1));
    }

    [Theory]
    [InlineData("customer_id,periods,churned\nx,0,1\n", "i.csv, line 2, column 'periods', customer 'x': A churned customer pays for at least one period: periods must be ≥ 1.")]
    [InlineData("customer_id,periods,churned\nx,2,maybe\n", "i.csv, line 2, column 'churned', customer 'x': 'maybe' is not 1/0, true/false or yes/no.")]
    [InlineData("customer_id,periods,churned\nx,-2,0\n", "i.csv, line 2, column 'periods', customer 'x': '-2' is not a whole number ≥ 0.")]
    [InlineData("customer_id,periods,churned,weight\nx,2,0,0\n", "i.csv, line 2, column 'weight', customer 'x': Weight 0 is not > 0.")]
    public void BadCustomerRowsAreRefusedWithTheirPlace(string text, string message) =>
        Assert.Equal(message, Assert.Throws<ClvDataException>(() => RetentionCsv.ReadCustomers(new StringReader(text), "i.csv")).Message);

    [Fact]
    public void FromCohortChecksTheCounts()
    {
        Assert.Equal("Cohort 'k', period 2: 5 customers alive is more than the 4 alive at period 1: a survival count cannot rise.",
            Assert.Throws<ArgumentException>(() => RetentionData.FromCohort([10, 4, 5], "k")).Message);
        Assert.Throws<ArgumentException>(() => new RetentionData([0], [true]));
        Assert.Throws<ArgumentException>(() => new RetentionData([1], [false], [0.0]));
    }
}
