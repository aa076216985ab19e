using BenchmarkDotNet.Attributes;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates.TimeVarying;
using Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

namespace Clv.Probabilistic.Benchmarks;

/// <summary>
/// Pareto/NBD with time-varying covariates on the apparel data (600 customers, estimation period 2005-01-02 to
/// 2006-12-31 in weeks, High.Season, Gender and Channel on both processes; read from the test project's TestData/Apparel):
/// one log-likelihood with gradient, and the maximum likelihood fit (CLVTools: 88 s).
/// </summary>
[MemoryDiagnoser]
public class TimeVaryingParetoNbdBenchmarks
{
    private TimeVaryingParetoNbdData _data = null!;
    private TimeVaryingParetoNbdLogLikelihood _density = null!;
    private double[] _theta = null!;
    private double[] _gradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        string folder = Folder();
        var log = TransactionLogReader.Read(Path.Combine(folder, "apparelTrans.csv"),
            new TransactionLogReaderOptions { CustomerColumn = "Id", DateColumn = "Date", AmountColumn = null });
        var paths = CovariatePathReader.Read(Path.Combine(folder, "apparelDynCov_2005_2007.csv"),
            new CovariatePathReaderOptions { CustomerColumn = "Id", DateColumn = "Cov.Date", CovariateColumns = ["High.Season", "Gender", "Channel"] });
        _data = TimeVaryingParetoNbdData.Create(log, paths, new DateOnly(2006, 12, 31), TimeUnit.Weeks);
        _density = new TimeVaryingParetoNbdLogLikelihood(_data.Rows);
        _theta = [Math.Log(2.16), Math.Log(124), Math.Log(1.26), Math.Log(85), 0.72, 0.26, 0.62, -2, -0.54, 0.54];
        _gradient = new double[_theta.Length];
    }

    [Benchmark]
    public double LogLikelihoodAndGradient() => _density.Evaluate(_theta, _gradient);

    [Benchmark]
    public double Fit() => TimeVaryingParetoNbd.Fit(_data, Inference.FitOptions.Default with { ThrowIfUnreliable = false }).LogLikelihood;

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Clv.Probabilistic.Tests", "TestData", "Apparel");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/Clv.Probabilistic.Tests/TestData/Apparel not found above the benchmark's folder.");
    }
}
