using Clv.Probabilistic.Data;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;

namespace Clv.Probabilistic.Valuation;

/// <summary>
/// g(x, T, t_k) of a model whose E[Y(t)] factors as P(alive) · g (<see cref="IAliveFactoredPurchaseModel"/>), kept across
/// the blocks of a summary file predicted block by block (<see cref="StreamedPredictions"/>): each distinct (x, T) of the
/// whole file is evaluated once per set of horizons, as <see cref="AliveFactorTable.Compute"/> evaluates it once for a
/// whole summary, and each block gets a table of its rows over the values so far. A value is a function of its pair and
/// horizon alone, so it is the same bits as the whole summary's table.
/// </summary>
internal sealed class AliveFactorCache
{
    private readonly List<Factors> _sets = [];
    private readonly Lock _gate = new();

    /// <summary>
    /// The table of <paramref name="rows"/> at <paramref name="horizons"/>; blocks are added one at a time, and a table
    /// stays valid while later blocks are added (they only add pairs, and grown arrays are new arrays).
    /// </summary>
    public AliveFactorTable Table(IAliveFactoredPurchaseModel model, RfmSummary rows, double[] horizons)
    {
        lock (_gate)
        {
            var set = _sets.Find(s => ReferenceEquals(s.Model, model) && s.Horizons.AsSpan().SequenceEqual(horizons));
            if (set is null) _sets.Add(set = new Factors(model, horizons));
            return set.Extend(rows);
        }
    }

    /// <summary>The pairs seen so far and g at each of them: indexed densely by whole (x, T), otherwise by a dictionary.</summary>
    private sealed class Factors(IAliveFactoredPurchaseModel model, double[] horizons)
    {
        private int[] _dense = [];
        private int _maxX = -1;
        private int _maxT = -1;
        private Dictionary<(double X, double T), int>? _byValue;
        private readonly List<(double X, double T)> _pairs = [];
        private double[] _values = [];

        public IAliveFactoredPurchaseModel Model { get; } = model;

        public double[] Horizons { get; } = (double[])horizons.Clone();

        public AliveFactorTable Extend(RfmSummary rows)
        {
            ReadOnlySpan<double> xs = rows.Frequency, ts = rows.T;
            if (_byValue is null && FitsDense(xs, ts))
            {
                int stride = _maxT + 1;
                for (int i = 0; i < xs.Length; i++)
                {
                    ref int slot = ref _dense[(int)xs[i] * stride + (int)ts[i]];
                    if (slot == 0) slot = Add(xs[i], ts[i]) + 1;
                }
                return new AliveFactorTable(new HistoryCache.Pairs([], [], _dense, stride, null), _values, Horizons.Length);
            }
            if (_byValue is null)
            {
                _byValue = [];
                for (int p = 0; p < _pairs.Count; p++) _byValue[_pairs[p]] = p;
            }
            var pairOf = new int[xs.Length];
            for (int i = 0; i < xs.Length; i++)
            {
                if (!_byValue.TryGetValue((xs[i], ts[i]), out int pair)) _byValue[(xs[i], ts[i])] = pair = Add(xs[i], ts[i]);
                pairOf[i] = pair;
            }
            return new AliveFactorTable(new HistoryCache.Pairs([], [], null, 0, pairOf), _values, Horizons.Length);
        }

        /// <summary>
        /// Whether every (x, T) is a pair of whole numbers that the dense index holds (<see cref="HistoryCache"/>'s
        /// table), widened as needed.
        /// </summary>
        private bool FitsDense(ReadOnlySpan<double> xs, ReadOnlySpan<double> ts)
        {
            var known = new HistoryCache.DenseKeys(true, Math.Max(_maxX, 0), Math.Max(_maxT, 0));
            if (HistoryCache.DenseKeys.Combine([known, HistoryCache.DenseKeys.Of(xs, ts)]) is not { } table) return false;
            if (table.MaxX == _maxX && table.MaxT == _maxT) return true;
            // Wider: the known pairs are placed again at the new stride.
            (_maxX, _maxT) = (table.MaxX, table.MaxT);
            _dense = new int[(_maxX + 1) * (_maxT + 1)];
            for (int p = 0; p < _pairs.Count; p++) _dense[(int)_pairs[p].X * (_maxT + 1) + (int)_pairs[p].T] = p + 1;
            return true;
        }

        private int Add(double x, double t)
        {
            int pair = _pairs.Count, count = Horizons.Length;
            _pairs.Add((x, t));
            if ((pair + 1) * count > _values.Length) Array.Resize(ref _values, Math.Max(2 * _values.Length, 1024 * count));
            for (int k = 0; k < count; k++) _values[pair * count + k] = Model.ExpectedPurchasesIfAlive(x, t, Horizons[k]);
            return pair;
        }
    }
}
