using System.Globalization;
using Clv.Probabilistic.Data.Retention;

namespace Clv.Probabilistic.Tests.Models.Retention;

/// <summary>
/// The "regular" and "high end" cohorts of Fader &amp; Hardie (2007), "How to project customer retention", Table 1
/// (1,000 customers each, active at the start of years 0..7; TestData/Retention/fader_hardie_2007.csv), and the mpmath
/// reference values of reference.py in this folder.
/// </summary>
internal static class RetentionTestData
{
    public static string CohortFile => Path.Combine(AppContext.BaseDirectory, "TestData", "Retention", "fader_hardie_2007.csv");

    public static CohortTable Cohorts() => RetentionCsv.ReadCohorts(CohortFile);

    public static IReadOnlyList<ReferenceRow> Reference()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder(), "reference.csv"));
        return lines.Skip(1).Select(line =>
        {
            var f = line.Split(',');
            double D(int i) => f[i].Length == 0 ? double.NaN : double.Parse(f[i], CultureInfo.InvariantCulture);
            int I(int i) => f[i].Length == 0 ? -1 : int.Parse(f[i], CultureInfo.InvariantCulture);
            return new ReferenceRow(f[0], D(1), D(2), D(3), I(4), I(5), D(6), D(7), D(8), [D(9), D(10), D(11)]);
        }).ToList();
    }

    private static string Folder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "tests", "Clv.Probabilistic.Tests", "Models", "Retention");
            if (File.Exists(Path.Combine(candidate, "reference.csv"))) return candidate;
        }
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds tests/Clv.Probabilistic.Tests/Models/Retention/reference.csv.");
    }

    internal sealed record ReferenceRow(string Kind, double Alpha, double Beta, double C, int T, int N, double D, double Value,
        double Check, double[] Gradient)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"{Kind} (α, β, c) = ({Alpha}, {Beta}, {C}), t = {T}, n = {N}, d = {D}");
    }
}
