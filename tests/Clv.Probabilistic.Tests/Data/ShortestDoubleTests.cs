using System.Globalization;
using System.Numerics;
using System.Text;
using Clv.Probabilistic.Data;

namespace Clv.Probabilistic.Tests.Data;

/// <summary>
/// <see cref="ShortestDouble"/> against the runtime's <c>ToString("R", InvariantCulture)</c> (the reference), and its own
/// path (not the runtime's, which it falls back to) taken for all but the few cases its remarks name.
/// </summary>
public class ShortestDoubleTests
{
    /// <summary>Compares the texts; returns the finite values the runtime had to format.</summary>
    private static List<double> AssertSameText(IEnumerable<double> values)
    {
        var ownUtf8 = new byte[ShortestDouble.Room];
        var runtime = new char[64];
        var fallbacks = new List<double>();
        foreach (double value in values)
        {
            int written = ShortestDouble.FormatOwn(value, ownUtf8);
            if (written < 0 && double.IsFinite(value)) fallbacks.Add(value);
            Assert.True(value.TryFormat(runtime, out int expected, "R", CultureInfo.InvariantCulture));
            Assert.True(ShortestDouble.TryFormat(value, ownUtf8, out written));
            if (!AsciiEquals(ownUtf8.AsSpan(0, written), runtime.AsSpan(0, expected)))
                Assert.Fail($"bits 0x{BitConverter.DoubleToUInt64Bits(value):X16}: runtime {new string(runtime, 0, expected)}, ours in UTF-8 {Encoding.UTF8.GetString(ownUtf8, 0, written)}");
        }
        return fallbacks;
    }

    /// <summary>The formatter's text of <paramref name="value"/>, as the CSV writer gets it (the runtime's where it defers).</summary>
    private static string Text(double value)
    {
        var utf8 = new byte[ShortestDouble.Room];
        Assert.True(ShortestDouble.TryFormat(value, utf8, out int written));
        return Encoding.ASCII.GetString(utf8, 0, written);
    }

    private static bool AsciiEquals(ReadOnlySpan<byte> utf8, ReadOnlySpan<char> text)
    {
        if (utf8.Length != text.Length) return false;
        for (int i = 0; i < utf8.Length; i++)
            if (utf8[i] != text[i]) return false;
        return true;
    }

    private static double FromBits(ulong bits) => BitConverter.UInt64BitsToDouble(bits);

    private static IEnumerable<double> BothSigns(IEnumerable<double> values) => values.SelectMany(v => new[] { v, -v });

    private static IEnumerable<double> WithNeighbours(IEnumerable<double> values, int steps = 2) => values.SelectMany(v =>
    {
        var around = new List<double> { v };
        double down = v, up = v;
        for (int i = 0; i < steps; i++)
        {
            down = Math.BitDecrement(down);
            up = Math.BitIncrement(up);
            around.Add(down);
            around.Add(up);
        }
        return around;
    });

    private static void AssertNoFallbacks(List<double> fallbacks) =>
        Assert.True(fallbacks.Count == 0, $"{fallbacks.Count} fallbacks: {string.Join(" ", fallbacks.Take(20).Select(v => $"{Text(v)} (0x{BitConverter.DoubleToUInt64Bits(v):X16})"))}");

    [Fact]
    public void RandomBitPatternsGiveTheRuntimesTextWithoutTheRuntime()
    {
        // 2·10^7 patterns on every processor; the bigger offline sweep is in docs/performance.md.
        const int Blocks = 64, PerBlock = 312_500;
        var fallbacks = new int[Blocks];
        var failures = new string?[Blocks];
        var firstFallbacks = new double[Blocks];
        Parallel.For(0, Blocks, block =>
        {
            var random = new Random(1000 + block);
            var ownUtf8 = new byte[ShortestDouble.Room];
            var runtime = new char[64];
            for (int i = 0; i < PerBlock; i++)
            {
                double value = FromBits((ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63));
                int written = ShortestDouble.FormatOwn(value, ownUtf8);
                if (written < 0)
                {
                    if (double.IsFinite(value) && fallbacks[block]++ == 0) firstFallbacks[block] = value;
                    continue;
                }
                value.TryFormat(runtime, out int expected, "R", CultureInfo.InvariantCulture);
                if (!AsciiEquals(ownUtf8.AsSpan(0, written), runtime.AsSpan(0, expected)))
                {
                    failures[block] = $"bits 0x{BitConverter.DoubleToUInt64Bits(value):X16}: runtime {new string(runtime, 0, expected)}, ours {Encoding.ASCII.GetString(ownUtf8, 0, written)}";
                    return;
                }
            }
        });
        Assert.Equal([], failures.Where(f => f != null));
        AssertNoFallbacks([.. firstFallbacks.Where((_, block) => fallbacks[block] > 0)]);
    }

    [Fact]
    public void ValuesOfPredictionsAndSummariesGiveTheRuntimesTextWithoutTheRuntime()
    {
        var random = new Random(11);
        var values = new List<double>();
        for (int i = 0; i < 200_000; i++)
        {
            values.Add(random.NextDouble());                                  // probabilities
            values.Add(random.NextDouble() * Math.Pow(10, random.Next(-12, 7))); // expected counts and values
            values.Add(random.Next(0, 2000) / 7.0);                           // days in weeks
            values.Add(random.Next(0, 2000) / (365.25 / 12));                 // days in months
            values.Add(Math.Round(random.NextDouble() * 1000, 2));            // money in cents
            values.Add(-Math.Exp(random.NextDouble() * 50 - 25));
        }
        AssertNoFallbacks(AssertSameText(values));
    }

    [Fact]
    public void SpecialValuesGiveTheRuntimesText()
    {
        double[] special = [0.0, -0.0, double.NaN, -double.NaN, FromBits(0x7FF8_0000_0000_0001), double.PositiveInfinity,
            double.NegativeInfinity, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue,
            2.2250738585072014E-308, 2.2250738585072009E-308, 1.0, -1.0, 0.1, 1.0 / 3, 2.0 / 3];
        AssertSameText(WithNeighbours(special.Where(double.IsFinite), 3).Concat(special));
        Assert.Equal("-0", Text(-0.0));
        Assert.Equal("0", Text(0.0));
        Assert.Equal("1000000000000000", Text(1e15));
        Assert.Equal("10000000000000000", Text(1e16));
        Assert.Equal("1E+17", Text(1e17));
        Assert.Equal("12345678901234568", Text(12345678901234567.0));
        Assert.Equal("1.2345678901234568E+17", Text(123456789012345678.0));
        Assert.Equal("1E-05", Text(1e-5));
        Assert.Equal("123456789012345.6", Text(123456789012345.6));
        Assert.Equal("5E-324", Text(double.Epsilon));
        Assert.Equal("1.7976931348623157E+308", Text(double.MaxValue));
    }

    [Fact]
    public void PowersOfTwoAndTenAndTheirNeighboursGiveTheRuntimesText()
    {
        var powersOfTwo = Enumerable.Range(-1074, 2098).Select(e => Math.ScaleB(1.0, e));
        var powersOfTen = Enumerable.Range(-324, 634).Select(e => double.Parse($"1E{e}", CultureInfo.InvariantCulture)).Where(v => v > 0 && double.IsFinite(v));
        var fallbacks = AssertSameText(BothSigns(WithNeighbours(powersOfTwo.Concat(powersOfTen))));
        Assert.True(fallbacks.Count < 2 * 5 * 700, $"{fallbacks.Count} fallbacks: {string.Join(" ", fallbacks.Take(20).Select(Text))}");
    }

    [Fact]
    public void IntegersUpTo2To53AndTheirBoundariesGiveTheRuntimesText()
    {
        var random = new Random(5);
        var values = new List<double>();
        for (int i = 0; i <= 100_000; i++) values.Add(i);
        for (int i = 0; i < 200_000; i++) values.Add(random.NextInt64(1L << 53));
        for (int i = 0; i < 100_000; i++) values.Add(random.NextInt64(1_000_000_000_000_000));
        for (int digits = 1; digits <= 22; digits++)
        {
            double p = Math.Pow(10, digits);
            for (int d = -3; d <= 3; d++) values.Add(p + d);
            values.Add(p - 1);
            values.Add(9 * p);
            values.Add(123456789 * p);
        }
        foreach (long boundary in new[] { 1L << 53, (1L << 53) - 1, 1L << 52, 999_999_999_999_999, 1_000_000_000_000_000, 9_999_999_999_999_999 })
            for (int d = -10; d <= 10; d++) values.Add(boundary + d);
        AssertSameText(BothSigns(WithNeighbours(values, 1)));
    }

    [Fact]
    public void LargeIntegersGiveTheRuntimesTextWithoutTheRuntimeUpTo10To27()
    {
        var random = new Random(8);
        var values = new List<double>();
        for (int i = 0; i < 100_000; i++)
        {
            values.Add(random.NextInt64(1L << 53, long.MaxValue));
            values.Add(random.Next(1, 100_000) * Math.Pow(10, random.Next(12, 28)));
            values.Add(Math.ScaleB(random.NextInt64(1L << 52, 1L << 53), random.Next(0, 40)));
        }
        AssertNoFallbacks(AssertSameText(BothSigns(values.Where(v => v < 1e27 && BitConverter.DoubleToUInt64Bits(v) % (1UL << 52) != 0))));
    }

    [Fact]
    public void SubnormalsGiveTheRuntimesText()
    {
        var random = new Random(3);
        var values = new List<double>();
        for (ulong bits = 1; bits <= 20_000; bits++) values.Add(FromBits(bits));
        for (int i = 0; i < 100_000; i++) values.Add(FromBits((ulong)random.NextInt64(1L << 52)));
        for (int shift = 0; shift < 52; shift++) values.Add(FromBits((1UL << 52) - (1UL << shift)));
        var fallbacks = AssertSameText(BothSigns(values));
        Assert.True(fallbacks.Count <= 2 * 2, $"{fallbacks.Count} fallbacks: {string.Join(" ", fallbacks.Take(20).Select(Text))}"); // only the two smallest, fewer than 10 units at their scale
    }

    [Fact]
    public void ValuesWith15To17DigitsNearTheNotationSwitchGiveTheRuntimesText()
    {
        var random = new Random(9);
        var values = new List<double>();
        for (int exponent = -8; exponent <= 22; exponent++)
            for (int digits = 1; digits <= 17; digits++)
                for (int i = 0; i < 300; i++)
                {
                    string significand = string.Concat(Enumerable.Range(0, digits).Select(j => (char)('0' + (j == 0 ? random.Next(1, 10) : random.Next(10)))));
                    values.Add(double.Parse($"{significand[0]}.{significand[1..]}E{exponent}", CultureInfo.InvariantCulture));
                }
        AssertNoFallbacks(AssertSameText(BothSigns(WithNeighbours(values, 1)).Where(v => Math.Abs(v) < 1e17)));
        AssertSameText(BothSigns(WithNeighbours(values, 1)).Where(v => Math.Abs(v) >= 1e17));
    }

    [Fact]
    public void TooSmallADestinationWritesNothing()
    {
        Assert.False(ShortestDouble.TryFormat(1.0 / 7, new byte[3], out int written));
        Assert.Equal(0, written);
        var seventh = new byte[19];
        Assert.True(ShortestDouble.TryFormat(1.0 / 7, seventh, out written));
        Assert.Equal("0.14285714285714285"u8.ToArray(), seventh.AsSpan(0, written).ToArray());
        Assert.False(ShortestDouble.TryFormat(double.NegativeInfinity, new byte[3], out _));
        var utf8 = new byte[5];
        Assert.True(ShortestDouble.TryFormat(-12.5, utf8, out written));
        Assert.Equal("-12.5"u8.ToArray(), utf8.AsSpan(0, written).ToArray());
        Assert.True(ShortestDouble.TryFormat(double.NegativeInfinity, new byte[9], out written));
        Assert.Equal(9, written);
    }

    [Fact]
    public void TheDecimalExponentsAreExactOverEveryBinaryExponent()
    {
        for (int q = -1100; q <= 1100; q++)
        {
            var (num, den) = Power(2, q);
            Assert.Equal(FloorLog(10, num, den), ShortestDouble.FloorLog10Pow2(q));
            Assert.Equal(FloorLog(10, 3 * num, 4 * den), ShortestDouble.FloorLog10ThreeQuartersPow2(q));
        }
        for (int e = -340; e <= 340; e++)
        {
            var (num, den) = Power(10, e);
            Assert.Equal(FloorLog(2, num, den), ShortestDouble.FloorLog2Pow10(e));
        }
    }

    [Fact]
    public void ThePowerTableHoldsThePowersOfTenScaledAndRoundedUp()
    {
        for (int k = -324; k <= 292; k++)
        {
            var (num, den) = Power(10, -k);
            int e = FloorLog(2, num, den);
            // β = 10^−k·2^(125−e), in [2^125, 2^126); g = β when an integer, else ⌊β⌋ + 1.
            if (125 - e >= 0) num <<= 125 - e; else den <<= e - 125;
            var g = BigInteger.DivRem(num, den, out var remainder);
            if (!remainder.IsZero) g += 1;
            Assert.Equal(remainder.IsZero, ShortestDouble.IsExactPower(k));
            var (high, low) = ShortestDouble.Power(k);
            Assert.Equal(g, ((BigInteger)high << 64) + low);
        }
    }

    private static (BigInteger Num, BigInteger Den) Power(int b, int e) =>
        e >= 0 ? (BigInteger.Pow(b, e), BigInteger.One) : (BigInteger.One, BigInteger.Pow(b, -e));

    /// <summary>⌊log_b(num/den)⌋ exactly: the largest j with b^j ≤ num/den.</summary>
    private static int FloorLog(int b, BigInteger num, BigInteger den)
    {
        int j = (int)Math.Floor((BigInteger.Log(num) - BigInteger.Log(den)) / Math.Log(b));
        bool AtMost(int i) => i >= 0 ? BigInteger.Pow(b, i) * den <= num : den <= num * BigInteger.Pow(b, -i);
        while (!AtMost(j)) j--;
        while (AtMost(j + 1)) j++;
        return j;
    }
}
