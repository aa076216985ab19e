using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;
using Xunit;

namespace Clv.Probabilistic.Tests.Data.Covariates;

/// <summary>Reading and encoding static covariates: dummies, reference levels, standardisation, and located errors.</summary>
public sealed class CovariateEncodingTests
{
    private static CovariateTable Read(string text, string? id = null, IReadOnlyList<string>? columns = null) =>
        CovariateTable.Read(new StringReader(text), "cov.csv", id, columns);

    [Fact]
    public void CategoricalColumnsBecomeDummiesAgainstTheFirstLevel()
    {
        var table = Read("customer_id,channel,age\na,web,30\nb,store,40\nc,phone,50\nd,web,60\n");
        var encoding = CovariateEncoding.Learn(table);
        Assert.Equal(["channel[store]", "channel[web]", "age"], encoding.Names);
        Assert.Equal("phone", encoding.Columns[0].ReferenceLevel);
        var z = encoding.Encode(table);
        Assert.Equal([0.0, 1, 30], z.Row(z.RowOf("a")).ToArray());
        Assert.Equal([1.0, 0, 40], z.Row(z.RowOf("b")).ToArray());
        Assert.Equal([0.0, 0, 50], z.Row(z.RowOf("c")).ToArray());
    }

    [Fact]
    public void ReferenceLevelAndStandardisationCanBeChosen()
    {
        var table = Read("id,channel,age\na,web,30\nb,store,40\nc,phone,50\nd,web,60\n", "id");
        var encoding = CovariateEncoding.Learn(table, new CovariateEncodingOptions
        {
            Standardize = true,
            ReferenceLevels = new Dictionary<string, string> { ["channel"] = "web" },
        });
        Assert.Equal(["channel[phone]", "channel[store]", "age"], encoding.Names);
        var z = encoding.Encode(table);
        double sd = Math.Sqrt((15.0 * 15 + 5 * 5 + 5 * 5 + 15 * 15) / 4);
        Assert.Equal((30 - 45) / sd, z.Row(0)[2], 1e-15);
        Assert.Equal((60 - 45) / sd, z.Row(3)[2], 1e-15);
        Assert.Equal([0.0, 0], z.Row(0)[..2].ToArray());
    }

    [Fact]
    public void NumbersCanBeForcedCategorical()
    {
        var table = Read("id,region\na,1\nb,2\nc,3\n");
        var encoding = CovariateEncoding.Learn(table, new CovariateEncodingOptions { Categorical = ["region"] });
        Assert.Equal(["region[2]", "region[3]"], encoding.Names);
    }

    [Theory]
    [InlineData("id,x\na,1\nb,1.5x\nc,2\n", "cov.csv, line 3, column 'x', customer 'b': '1.5x' is not a number, but line 2 has the number '1': a column is either numeric or categorical (name it categorical to treat numbers as levels).")]
    [InlineData("id,x\na,3\nb,3\n", "cov.csv, column 'x': Every customer has the value 3: the covariate does not vary, so its effect is not identified.")]
    [InlineData("id,x\na,web\nb,web\n", "cov.csv, column 'x': Every customer has the level 'web': the covariate does not vary, so its effect is not identified.")]
    public void BadColumnsAreRefusedWhereTheyAre(string text, string message)
    {
        var e = Assert.Throws<ClvDataException>(() => CovariateEncoding.Learn(Read(text)));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("id,x\na,1\na,2\n", "cov.csv, line 3, customer 'a': The customer appears more than once (first on line 2).")]
    [InlineData("id,x\na,1\nb,\n", "cov.csv, line 3, column 'x', customer 'b': The value is missing: every customer needs every covariate.")]
    [InlineData("id,x\na,1\nb,NA\n", "cov.csv, line 3, column 'x', customer 'b': The value is missing: every customer needs every covariate.")]
    [InlineData("id,x\na,1,2\n", "cov.csv, line 2: The line has 3 fields; the header has 2.")]
    [InlineData("id\na\n", "cov.csv, line 1: The file has no covariate column besides the customer id.")]
    [InlineData("id,x\n", "cov.csv, line 1: The file has a header but no customers.")]
    [InlineData("", "cov.csv: The file is empty.")]
    public void BadFilesAreRefusedWhereTheyAre(string text, string message)
    {
        var e = Assert.Throws<ClvDataException>(() => Read(text));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void MissingColumnsAndUnknownLevelsAreNamed()
    {
        var e = Assert.Throws<ClvDataException>(() => Read("id,x\na,1\n", columns: ["y"]));
        Assert.Equal("cov.csv, line 1: Column 'y' is missing; the columns are: id, x.", e.Message);
        var encoding = CovariateEncoding.Learn(Read("id,channel\na,web\nb,store\n"));
        var unknown = Assert.Throws<ClvDataException>(() => encoding.Encode(Read("id,channel\nc,store\nd,phone\n")));
        Assert.Equal("cov.csv, line 3, column 'channel', customer 'd': The level 'phone' was not among the fitted customers' levels (store, web).", unknown.Message);
        var numeric = CovariateEncoding.Learn(Read("id,age\na,30\nb,40\n"));
        var text = Assert.Throws<ClvDataException>(() => numeric.Encode(Read("id,age\nc,thirty\n")));
        Assert.Equal("cov.csv, line 2, column 'age', customer 'c': 'thirty' is not a number.", text.Message);
    }

    [Fact]
    public void ReadingLeavesTheFileAsItWas()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cov-{Guid.NewGuid():N}.csv");
        const string text = "id,x\r\na,1\r\nb,2\r\n";
        File.WriteAllText(path, text);
        try
        {
            var before = File.GetLastWriteTimeUtc(path);
            var table = CovariateTable.Read(path);
            Assert.Equal(2, table.Count);
            Assert.Equal(text, File.ReadAllText(path));
            Assert.Equal(before, File.GetLastWriteTimeUtc(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
