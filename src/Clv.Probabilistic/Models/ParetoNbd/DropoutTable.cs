using System.Buffers;
using System.Runtime.InteropServices;

namespace Clv.Probabilistic.Models.ParetoNbd;

/// <summary>
/// The drop-out integrals of many rows at once. Per distinct x, the durations where the rows' integrals start or end
/// (their t_x and T, sorted and distinct) cut the line into segments; each segment is integrated once
/// (<see cref="ConcaveLogQuadrature.Segment{T}"/>, few nodes on the short segments whole-day durations give), and the
/// segments are summed from the right in double-double, so that a row's ∫_{t_x}^{T} is the difference of two such sums.
/// </summary>
/// <remarks>
/// The sums of positive segment integrals carry ≈ 10⁻³² of their size, so the difference is the row's integral to its own
/// rounding as long as it is not below 10⁻¹² of the larger sum; rows where it is, or where it is below 10⁻²⁵⁰ of the x's
/// scale (underflow of far segments of a steep integrand), are integrated directly (<see cref="DropoutIntegral.Evaluate"/>).
/// Every value depends only on the data and θ, never on how the work is split over threads. The work per evaluation is
/// one quadrature per distinct (x, duration) instead of one per row: for 10⁶ synthetic customers in whole days, 20,533
/// grid points for 326,825 merged rows. Each x's sums are on its own scale, ln f at the integrand's largest point over
/// the x's grid (<see cref="Values.Scale"/>).
/// </remarks>
internal sealed class DropoutTable
{
    /// <summary>Doubles kept per grid point: five double-double sums (integral, Σ ln(α+τ), Σ ln(β+τ), Σ 1/(α+τ), Σ 1/(β+τ)),
    /// then ln(α+τ), ln(β+τ), 1/(α+τ), 1/(β+τ) at the point if it is some row's T.</summary>
    private const int Stride = 14;

    private const int PointBlock = 256;
    private const double Negligible = 1e-280;
    private const double Smallest = 1e-250;
    private const double Cancellation = 1e-12;

    private readonly ParetoNbdData _data;
    private readonly double[] _groupX;
    private readonly int[] _groupPoints;
    private readonly int[] _groupRows;
    private readonly double[] _tau;
    private readonly int[] _pointGroup;
    private readonly int[] _recencyPoint;
    private readonly int[] _tPoint;
    private readonly bool[] _isT;

    /// <summary>Builds the grid of <paramref name="data"/> (rows ordered by x, as <see cref="ParetoNbdData"/> keeps them).</summary>
    public DropoutTable(ParetoNbdData data)
    {
        _data = data;
        int n = data.X.Length;
        var groupX = new List<double>();
        var groupRows = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (i == 0 || data.X[i] != data.X[i - 1])
            {
                groupX.Add(data.X[i]);
                groupRows.Add(i);
            }
        }
        groupRows.Add(n);
        _groupX = groupX.ToArray();
        _groupRows = groupRows.ToArray();
        _groupPoints = new int[_groupX.Length + 1];
        _recencyPoint = new int[n];
        _tPoint = new int[n];
        var tau = new List<double>(n);
        var pointGroup = new List<int>(n);
        var ends = new double[MaxGroupRows()];
        for (int g = 0; g < _groupX.Length; g++)
        {
            int start = _groupRows[g], end = _groupRows[g + 1], m = 0;
            for (int i = start; i < end; i++) ends[m++] = data.T[i];
            var sortedEnds = ends.AsSpan(0, m);
            sortedEnds.Sort();
            // Within an x the rows come ordered by t_x: merge the starts (in order) with the sorted ends.
            int first = tau.Count, next = 0;
            _groupPoints[g] = first;
            for (int i = start; i <= end; i++)
            {
                bool starts = i < end && data.T[i] > data.Recency[i];
                double upTo = i < end ? data.Recency[i] : double.PositiveInfinity;
                while (next < m && sortedEnds[next] < upTo) Add(sortedEnds[next++]);
                if (starts) Add(upTo);
            }
            var points = CollectionsMarshal.AsSpan(tau)[first..];
            for (int i = start; i < end; i++)
            {
                _tPoint[i] = first + points.BinarySearch(data.T[i]);
                _recencyPoint[i] = data.T[i] > data.Recency[i] ? first + points.BinarySearch(data.Recency[i]) : _tPoint[i];
            }

            void Add(double value)
            {
                if (tau.Count > first && tau[^1] == value) return;
                tau.Add(value);
                pointGroup.Add(g);
            }
        }
        _groupPoints[^1] = tau.Count;
        _tau = tau.ToArray();
        _pointGroup = pointGroup.ToArray();
        _isT = new bool[_tau.Length];
        foreach (int k in _tPoint) _isT[k] = true;

        int MaxGroupRows()
        {
            int largest = 0;
            for (int g = 0; g + 1 < _groupRows.Length; g++) largest = Math.Max(largest, _groupRows[g + 1] - _groupRows[g]);
            return largest;
        }
    }

    /// <summary>Distinct (x, duration) points of the grid.</summary>
    public int Points => _tau.Length;

    /// <summary>The table's sums at one parameter point; rented buffers, returned by <see cref="Dispose"/>.</summary>
    internal sealed class Values : IDisposable
    {
        public Values(int points, int groups)
        {
            Points = ArrayPool<double>.Shared.Rent(Stride * points);
            Scale = ArrayPool<double>.Shared.Rent(groups);
        }

        public double R, Alpha, S, Beta, LogS, InverseS;
        public double[] Points { get; private set; }
        public double[] Scale { get; private set; }

        public void Dispose()
        {
            ArrayPool<double>.Shared.Return(Points);
            ArrayPool<double>.Shared.Return(Scale);
            Points = [];
            Scale = [];
        }
    }

    /// <summary>Integrates every segment at (r, α, s, β) and forms the sums; threads up to <paramref name="maxDegreeOfParallelism"/>.</summary>
    public Values Compute(double r, double alpha, double s, double beta, int maxDegreeOfParallelism)
    {
        int groups = _groupX.Length;
        var v = new Values(_tau.Length, groups) { R = r, Alpha = alpha, S = s, Beta = beta, LogS = Math.Log(s), InverseS = 1 / s };
        for (int g = 0; g < groups; g++)
        {
            var f = DropoutIntegral.For(r, alpha, s, beta, _groupX[g], out double q, out double mode, out _);
            double lo = Math.Log(q + _tau[_groupPoints[g]]), hi = Math.Log(q + _tau[_groupPoints[g + 1] - 1]);
            v.Scale[g] = f.Log(Math.Clamp(mode, lo, hi), out _);
        }
        int blocks = (_tau.Length + PointBlock - 1) / PointBlock;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        if (blocks > 1 && maxDegreeOfParallelism != 1)
        {
            Parallel.For(0, blocks, options, k => Segments(v, k));
            Parallel.For(0, groups, options, g => SumFromRight(v.Points, g));
        }
        else
        {
            for (int k = 0; k < blocks; k++) Segments(v, k);
            for (int g = 0; g < groups; g++) SumFromRight(v.Points, g);
        }
        return v;
    }

    private void Segments(Values v, int block)
    {
        int start = block * PointBlock, end = Math.Min(start + PointBlock, _tau.Length);
        var table = v.Points;
        int group = -1;
        DropoutIntegral f = default;
        double q = 0, singularity = 0, sigma = 0, logHere = 0, slopeHere = 0, scale = 0;
        bool carried = false;
        for (int k = start; k < end; k++)
        {
            if (_pointGroup[k] != group)
            {
                group = _pointGroup[k];
                f = DropoutIntegral.For(v.R, v.Alpha, v.S, v.Beta, _groupX[group], out q, out _, out singularity);
                scale = v.Scale[group];
                carried = false;
            }
            double tau = _tau[k];
            if (!carried)
            {
                sigma = Math.Log(q + tau);
                logHere = f.Log(sigma, out slopeHere);
            }
            var row = table.AsSpan(Stride * k, Stride);
            row.Clear();
            if (_isT[k])
            {
                double alphaTau = v.Alpha + tau, betaTau = v.Beta + tau;
                row[10] = Math.Log(alphaTau);
                row[11] = Math.Log(betaTau);
                row[12] = 1 / alphaTau;
                row[13] = 1 / betaTau;
            }
            if (k + 1 >= _groupPoints[group + 1])
            {
                carried = false;
                continue;
            }
            double next = Math.Log(q + _tau[k + 1]);
            f.ClearMoments();
            double sum = ConcaveLogQuadrature.Segment(ref f, sigma, next, logHere, slopeHere, scale, singularity, Negligible,
                out double logNext, out double slopeNext);
            row[0] = sum;
            row[2] = f.LogAlpha;
            row[4] = f.LogBeta;
            row[6] = f.InverseAlpha;
            row[8] = f.InverseBeta;
            carried = !double.IsNaN(logNext);
            sigma = next;
            logHere = logNext;
            slopeHere = slopeNext;
        }
    }

    /// <summary>Replaces each point's segment integrals by the double-double sums from it to the x's last point.</summary>
    private void SumFromRight(double[] table, int group)
    {
        int first = _groupPoints[group], last = _groupPoints[group + 1] - 1;
        for (int k = last - 1; k >= first; k--)
        {
            int here = Stride * k, right = here + Stride;
            for (int j = 0; j < 10; j += 2)
            {
                double sum = table[right + j] + table[here + j];
                double error = TwoSumError(table[right + j], table[here + j], sum) + table[right + j + 1];
                double hi = sum + error;
                table[here + j] = hi;
                table[here + j + 1] = error - (hi - sum);
            }
        }
    }

    private static double TwoSumError(double a, double b, double sum)
    {
        double bVirtual = sum - a;
        return (a - (sum - bVirtual)) + (b - bVirtual);
    }

    /// <summary>(hi₁ + lo₁) − (hi₂ + lo₂) at the table offsets <paramref name="i"/> and <paramref name="j"/>.</summary>
    private static double Difference(double[] table, int i, int j)
    {
        double hi = table[i] - table[j];
        return hi + (TwoSumError(table[i], -table[j], hi) + (table[i + 1] - table[j + 1]));
    }

    /// <summary>
    /// ln(E + s I) of row <paramref name="i"/> (in group <paramref name="group"/>) and its derivatives, as
    /// <see cref="ParetoNbdLogLikelihood.Row.Evaluate"/>; the log-odds ln(s I/E) only if <paramref name="withOdds"/> (else NaN).
    /// </summary>
    public ParetoNbdLogLikelihood.Row Row(Values v, int i, int group, bool withOdds = false)
    {
        double x = _groupX[group], r = v.R, s = v.S;
        var table = v.Points;
        int atT = Stride * _tPoint[i], atRecency = Stride * _recencyPoint[i];
        double logAlphaT = table[atT + 10], logBetaT = table[atT + 11];
        double logE = -(r + x) * logAlphaT - s * logBetaT;
        double dr = -logAlphaT, dAlpha = -(r + x) * table[atT + 12], ds = -logBetaT, dBeta = -s * table[atT + 13];
        if (atT == atRecency) return new(logE, dr, dAlpha, ds, dBeta, double.NegativeInfinity);
        double integral = Difference(table, atRecency, atT);
        if (!(integral > Smallest) || !(integral >= Cancellation * table[atRecency]))
            return ParetoNbdLogLikelihood.Row.Evaluate(r, v.Alpha, s, v.Beta, x, _data.Recency[i], _data.T[i]);
        double logScale = v.LogS + v.Scale[group];
        double c = logE - logScale, pe, share, total, odds;
        if (c < 700)
        {
            // E and s I on the x's scale: one exp and one log instead of a log-add of two logs.
            double e = Math.Exp(c), sum = e + integral;
            share = 1 / sum;
            pe = e * share;
            total = logScale + Math.Log(sum);
            odds = withOdds ? Math.Log(integral) - c : double.NaN;
        }
        else
        {
            double z = c - Math.Log(integral), e = Math.Exp(-z);
            pe = 1 / (1 + e);
            share = e * pe / integral;
            total = logE + Numerics.LogMath.Log1p(e);
            odds = -z;
        }
        // π ⟨g⟩ = (s I / (E + s I)) (Σ g / I) = Σ g · share, share = 1/(E/s + I) on the x's scale.
        return new(
            total,
            pe * dr - share * Difference(table, atRecency + 2, atT + 2),
            pe * dAlpha - (r + x) * share * Difference(table, atRecency + 6, atT + 6),
            pe * ds + integral * share * v.InverseS - share * Difference(table, atRecency + 4, atT + 4),
            pe * dBeta - (s + 1) * share * Difference(table, atRecency + 8, atT + 8),
            odds);
    }

    /// <summary>Group (distinct x) of each row range: rows [GroupRows[g], GroupRows[g+1]) have x = GroupX[g].</summary>
    public ReadOnlySpan<int> GroupRows => _groupRows;

    /// <summary>x of each group.</summary>
    public ReadOnlySpan<double> GroupX => _groupX;
}
