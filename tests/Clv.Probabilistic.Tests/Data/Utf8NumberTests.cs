using System.Globalization;
using System.Text;
using Clv.Probabilistic.Data;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Clv.Probabilistic.Tests.Data;

/// <summary><see cref="Utf8Number"/> against the runtime's invariant parser, bit for bit, success and failure alike.</summary>
public class Utf8NumberTests
{
    private static Gen<string> Digits(int max) =>
        from n in Gen.Choose(0, max)
        from digits in Gen.Elements("0123456789".ToCharArray()).ArrayOf(n)
        select new string(digits);

    /// <summary>Plain decimals like those in summary files, from 0 to 24 digits, so both paths are exercised.</summary>
    private static readonly Gen<string> PlainDecimals =
        from sign in Gen.Elements("", "", "-", "+")
        from whole in Digits(12)
        from point in Gen.Elements(true, false)
        from fraction in Digits(12)
        select sign + whole + (point ? "." + fraction : "");

    /// <summary>What <c>clv summarize</c> writes: shortest round-trip text of doubles, including exponents.</summary>
    private static readonly Gen<string> RoundTripText =
        from high in Gen.Choose(int.MinValue, int.MaxValue)
        from low in Gen.Choose(int.MinValue, int.MaxValue)
        let value = BitConverter.Int64BitsToDouble((long)high << 32 | (uint)low)
        from scaled in Gen.Elements(value, Math.Round(value % 1e6, 2), Math.Floor(value % 1e4), value % 1e3 / 7)
        select scaled.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Malformed and unusual text: stray signs, points, exponents, blanks, NaN and infinity spellings.</summary>
    private static readonly Gen<string> Noise =
        from n in Gen.Choose(0, 6)
        from parts in Gen.Elements("0", "1", "9", ".", "-", "+", "e", "E", " ", "\t", ",", "NaN", "Infinity", "∞", "x", "00").ArrayOf(n)
        select string.Concat(parts);

    private static bool AgreesWithRuntime(string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        bool expectedOk = double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected);
        bool ok = Utf8Number.TryParse(utf8, out double value);
        return ok == expectedOk && BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(expected);
    }

    [Property(MaxTest = 2000)]
    public Property PlainDecimalsAreBitIdenticalToDoubleParse() => Prop.ForAll(Arb.From(PlainDecimals), AgreesWithRuntime);

    /// <summary>Decimals of 16 to 19 digits with the point anywhere: mantissas above 2^53, read by exact integer division.</summary>
    private static readonly Gen<string> LongMantissas =
        from count in Gen.Choose(16, 19)
        from first in Gen.Elements("123456789".ToCharArray())
        from rest in Gen.Elements("0123456789".ToCharArray()).ArrayOf(count - 1)
        from point in Gen.Choose(0, count)
        let digits = first + new string(rest)
        select point == count ? digits : digits[..point] + "." + digits[point..];

    [Property(MaxTest = 20000)]
    public Property LongMantissasAreBitIdenticalToDoubleParse() => Prop.ForAll(Arb.From(LongMantissas), text =>
        Utf8Number.TryParsePlainDecimal(Encoding.UTF8.GetBytes(text), out _) && AgreesWithRuntime(text));

    [Property(MaxTest = 2000)]
    public Property RoundTripTextIsBitIdenticalToDoubleParse() => Prop.ForAll(Arb.From(RoundTripText), AgreesWithRuntime);

    [Property(MaxTest = 2000)]
    public Property MalformedTextFailsOrParsesAsDoubleParseDoes() =>
        Prop.ForAll(Arb.From(Noise), AgreesWithRuntime);

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("730")]
    [InlineData("35.82333333333333")]
    [InlineData("0.1")]
    [InlineData("+.5")]
    [InlineData("7.")]
    [InlineData("9007199254740992")]
    [InlineData("0.000000000000000001")]
    [InlineData("9007199254740993")] // above 2^53, halfway between two doubles: to the even one, 2^53
    [InlineData("9007199254740995")] // halfway: to 2^53 + 4
    [InlineData("18014398509481986")] // halfway between 2^54 and 2^54 + 4: to 2^54
    [InlineData("18014398509481990")] // halfway: to 2^54 + 8
    [InlineData("18014398509481991")] // just above halfway: up
    [InlineData("10.038494818239435")] // 17 digits, as clv summarize writes a mean
    [InlineData("0.9999999999999999999")]
    [InlineData("9999999999999999999")]
    [InlineData("-1844674407370955.161")]
    public void FastPathTakesPlainDecimalsAndAgrees(string text)
    {
        Assert.True(Utf8Number.TryParsePlainDecimal(Encoding.UTF8.GetBytes(text), out double value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData("1E-300")]
    [InlineData("0.00000000000000000001234567890123456")] // 20 digits after the point
    [InlineData("99999999999999999999")] // 20 digits
    [InlineData("18446744073709551616")] // 20 digits whose mantissa is 2^64: counted from the first digit, not the mantissa
    [InlineData("1.8446744073709551616")]
    [InlineData("0.18446744073709551616")]
    [InlineData("36893488147419103232")]
    [InlineData("55340232221128654848")]
    [InlineData("73786976294838206464")]
    [InlineData("-9.2233720368547758080")]
    [InlineData("1.844674407370955161600")]
    [InlineData(" 1")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1..2")]
    [InlineData("NaN")]
    [InlineData("12345678901234567890")]
    public void FastPathLeavesTheRestToTheRuntime(string text)
    {
        Assert.False(Utf8Number.TryParsePlainDecimal(Encoding.UTF8.GetBytes(text), out _));
        Assert.True(AgreesWithRuntime(text));
    }
    /// <summary>
    /// What <see cref="Utf8Number.IsPlainDecimal"/> says of a text (a monetary value checked but not kept) holds: the
    /// runtime reads it, finite, with magnitude at most 10^digits.
    /// </summary>
    private static bool PlainDecimalCheckIsSound(string text, int digits)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        bool ok = double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out double value);
        return !Utf8Number.IsPlainDecimal(utf8, digits) || (ok && double.IsFinite(value) && Math.Abs(value) <= Math.Pow(10, digits));
    }

    /// <summary>Every plain decimal with a digit and few enough digits before the point passes the check.</summary>
    [Property(MaxTest = 2000)]
    public Property PlainDecimalCheckTakesThePlainDecimalsItCan() => Prop.ForAll(Arb.From(PlainDecimals), text =>
    {
        int whole = text.TrimStart('+', '-').TakeWhile(char.IsAsciiDigit).Count();
        bool anyDigit = text.Any(char.IsAsciiDigit);
        return PlainDecimalCheckIsSound(text, 15) && PlainDecimalCheckIsSound(text, 3)
            && Utf8Number.IsPlainDecimal(Encoding.UTF8.GetBytes(text), 15) == anyDigit
            && Utf8Number.IsPlainDecimal(Encoding.UTF8.GetBytes(text), 3) == (anyDigit && whole <= 3);
    });

    [Property(MaxTest = 2000)]
    public Property PlainDecimalCheckIsSoundForOtherText() =>
        Prop.ForAll(Arb.From(Gen.OneOf(Noise, RoundTripText)), text => PlainDecimalCheckIsSound(text, 15) && PlainDecimalCheckIsSound(text, 0));

    [Theory]
    [InlineData("999999999999999.99999999", true)] // rounds to 10^15, which the check accepts
    [InlineData("-999999999999999", true)]
    [InlineData("1000000000000000", false)]
    [InlineData("10.038494818239435", true)]
    [InlineData("7.", true)]
    [InlineData("+.5", true)]
    [InlineData(".", false)]
    [InlineData("-.", false)]
    [InlineData("", false)]
    [InlineData("+", false)]
    [InlineData("1e3", false)]
    [InlineData(" 1", false)]
    [InlineData("1..2", false)]
    [InlineData("Infinity", false)]
    public void PlainDecimalCheckOfMonetaryValues(string text, bool plain)
    {
        Assert.Equal(plain, Utf8Number.IsPlainDecimal(Encoding.UTF8.GetBytes(text), RfmSummary.MonetaryValueDigits));
        Assert.Equal(RfmSummary.MaxMonetaryValue, Math.Pow(10, RfmSummary.MonetaryValueDigits));
        if (plain) Assert.Null(RfmSummary.CheckRow(0, 0, 0, double.Parse(text, CultureInfo.InvariantCulture), 1));
    }
}
