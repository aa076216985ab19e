using Clv.Probabilistic.Models.ParetoNbd.TimeVarying;

namespace Clv.Probabilistic.Tests.Models.ParetoNbd.TimeVarying;

/// <summary>Random customers on a unit grid: a partial first segment, random covariates per grid step, random purchases.</summary>
internal static class SyntheticPaths
{
    /// <summary>Customers with random paths; with <paramref name="constant"/> each keeps one covariate vector throughout.</summary>
    public static TimeVaryingRows Create(int customers, int covariates, int seed, bool constant = false, double maxT = 30)
    {
        var random = new Random(seed);
        var x = new double[customers];
        var recency = new double[customers];
        var t = new double[customers];
        var purchased = new double[customers * covariates];
        var start = new List<int> { 0 };
        var length = new List<double>();
        var vector = new List<int>();
        var vectors = new List<double>();
        for (int i = 0; i < customers; i++)
        {
            double T = Math.Round(random.NextDouble() * maxT * 8) / 8 + 0.25;
            t[i] = T;
            double offset = random.NextDouble(); // first purchase this far into its grid step
            double u = 0;
            double[]? fixedZ = null;
            var segmentEnds = new List<double>();
            var segmentZ = new List<double[]>();
            while (u < T)
            {
                double h = Math.Min(u == 0 ? 1 - offset : 1, T - u);
                var z = fixedZ ?? Enumerable.Range(0, covariates).Select(_ => Math.Round(random.NextDouble() * 4 - 2, 2)).ToArray();
                if (constant) fixedZ = z;
                if (h > 0)
                {
                    length.Add(h);
                    vector.Add(vectors.Count / covariates);
                    vectors.AddRange(z);
                    u += h;
                    segmentEnds.Add(u);
                    segmentZ.Add(z);
                }
            }
            start.Add(length.Count);
            int n = random.Next(0, 6);
            var times = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * T * 16) / 16).Where(v => v > 0 && v < T).Distinct().Order().ToArray();
            x[i] = times.Length;
            recency[i] = times.Length == 0 ? 0 : times[^1];
            foreach (double time in times)
            {
                int seg = segmentEnds.FindIndex(e => time < e);
                for (int j = 0; j < covariates; j++) purchased[i * covariates + j] += segmentZ[seg][j];
            }
        }
        var path = new CovariateSegments(covariates, start.ToArray(), length.ToArray(), vector.ToArray(), vectors.ToArray());
        return new TimeVaryingRows(x, recency, t, purchased, path);
    }
}
