using System.Globalization;
using Clv.Probabilistic.Models.ParetoNbd.TimeVarying;
using Xunit.Abstractions;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd.TimeVarying;

/// <summary>
/// Log-likelihood, P(alive), conditional expected transactions and discounted expected transactions against values
/// computed once with mpmath (20 digits) with the drop-out rate mixed by quadrature (reference.py, reference.csv).
/// </summary>
public class TimeVaryingReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Load().Count; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_mpmath_reference(int index)
    {
        var c = Load()[index];
        var rows = new TimeVaryingRows([c.X], [c.Tx], [c.T], c.SumZ, Segments(c.Path));
        var p = new TimeVaryingParetoNbdParameters(c.R, c.Alpha, c.S, c.Beta, ["z1", "z2"], c.GammaT, c.GammaL);
        var eT = new double[rows.Path.VectorCount];
        var eL = new double[rows.Path.VectorCount];
        rows.Path.Exposures(c.GammaT, eT);
        rows.Path.Exposures(c.GammaL, eL);
        var term = CustomerLikelihood.Evaluate(c.R, c.Alpha, c.S, c.Beta, c.GammaT, eT, eL, rows, 0, default,
            new double[CustomerLikelihood.ScratchLength(2)]);
        var model = new TimeVaryingParetoNbdModel(p);
        var states = model.States(rows);
        var future = Segments(c.Future);
        double cet = model.FutureExpectations(states, future, 0)[0];
        double dert = model.FutureExpectations(states, future, c.Delta)[0];
        output.WriteLine($"A {term.TransactionExposure:R} C {term.LifetimeExposure:R} sumz {c.SumZ[0]} {c.SumZ[1]} x {c.X}");
        output.WriteLine($"ll {term.Value:R} vs {c.Ll:R}; palive {states[0].Alive:R} vs {c.PAlive:R}; cet {cet:R} vs {c.Cet:R}; dert {dert:R} vs {c.Dert:R}");
        Assert.Equal(c.Ll, term.Value, 1e-12 * Math.Max(1, Math.Abs(c.Ll)));
        Assert.Equal(c.PAlive, states[0].Alive, 1e-12);
        Assert.Equal(c.Cet, cet, 1e-12 * c.Cet);
        Assert.Equal(c.Dert, dert, 1e-12 * c.Dert);
    }

    private static CovariateSegments Segments((double Length, double Z1, double Z2)[] path) =>
        new(2, [0, path.Length], path.Select(s => s.Length).ToArray(), Enumerable.Range(0, path.Length).ToArray(),
            path.SelectMany(s => new[] { s.Z1, s.Z2 }).ToArray());

    internal sealed record Case(double R, double Alpha, double S, double Beta, double[] GammaT, double[] GammaL, double X,
        double Tx, double T, double[] SumZ, (double, double, double)[] Path, (double, double, double)[] Future, double Delta,
        double Ll, double PAlive, double Cet, double Dert);

    private static List<Case>? _cases;

    internal static List<Case> Load()
    {
        if (_cases is not null) return _cases;
        var cases = new List<Case>();
        foreach (var line in File.ReadAllLines(Path.Combine(Folder(), "reference.csv")).Skip(1))
        {
            var f = line.Split(',');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            (double, double, double)[] P(string text) => text.Split('|').Select(s => s.Split(':'))
                .Select(s => (double.Parse(s[0], CultureInfo.InvariantCulture), double.Parse(s[1], CultureInfo.InvariantCulture),
                    double.Parse(s[2], CultureInfo.InvariantCulture))).ToArray();
            cases.Add(new Case(D(1), D(2), D(3), D(4), [D(5), D(6)], [D(7), D(8)], D(9), D(10), D(11), [D(12), D(13)],
                P(f[14]), P(f[15]), D(16), D(17), D(18), D(19), D(20)));
        }
        return _cases = cases;
    }

    private static string Folder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "tests", "Clv.Probabilistic.Tests", "Models", "ParetoNbd", "TimeVarying");
            if (File.Exists(Path.Combine(candidate, "reference.csv"))) return candidate;
        }
        throw new FileNotFoundException("reference.csv of the time-varying Pareto/NBD tests not found.");
    }
}
