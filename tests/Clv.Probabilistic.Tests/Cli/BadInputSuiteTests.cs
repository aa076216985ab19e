using System.Security.Cryptography;
using System.Text;
using Clv.Probabilistic.Cli;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>
/// Issue 16, item 7: the bad-input suite. Every case gives <c>clv</c> one bad input (malformed CSV of every kind,
/// impossible summaries, corrupt or inconsistent model files, bad options) and asserts the exit code, one error line on
/// standard error that names what and where, every file in the folder unchanged (hashes before and after), and no output
/// written (not even a temporary file). The tool runs in-process, so the whole table takes seconds.
/// </summary>
[Collection(nameof(SummarizeCliCollection))]
public sealed class BadInputSuiteTests
{
    private static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "v1");

    /// <summary>A case: files to add to the folder, the arguments ({dir} is the folder), the exit code and the fragments the error line must hold.</summary>
    public sealed record Case(string Name, string[] Arguments, int ExitCode, string[] Fragments, (string Name, byte[] Content)[] Files)
    {
        public override string ToString() => Name;
    }

    private const string Summary = "customer_id,frequency,recency,T,monetary_value\nc1,2,30.43,38.86,22.35\nc2,1,1.71,38.86,11.77\nc3,0,0,38.86,0\nc4,3,20,38.86,15\n";
    private const string Transactions = "customer_id,date,amount\na,2020-01-01,10\na,2020-01-08,20\nb,2020-01-02,5\n";

    private static readonly string[] FitArgs = ["fit", "--model", "bgnbd", "--input", "{dir}/bad.csv", "--time-unit", "weeks", "--output", "{dir}/out.json"];
    private static readonly string[] PredictArgs = ["predict", "--model", "{dir}/m.json", "--spend-model", "{dir}/gg.json", "--discount-rate", "0.01",
        "--input", "{dir}/bad.csv", "--horizon", "12", "--output", "{dir}/out.csv"];
    private static readonly string[] SummarizeArgs = ["summarize", "--input", "{dir}/bad.csv", "--time-unit", "weeks", "--observation-end", "2020-01-31", "--output", "{dir}/out.csv"];
    private static readonly string[] ReportArgs = ["report", "--transactions", "{dir}/bad.csv", "--calibration-end", "2020-01-15", "--observation-end", "2020-01-31", "--output", "{dir}/out.html"];

    /// <summary>Bad summary files: (name, content, fragments of the error besides the file name).</summary>
    private static IEnumerable<(string Name, string Content, string[] Fragments)> BadSummaries()
    {
        string Row(int row, string text)
        {
            var lines = Summary.Split('\n');
            lines[row] = text;
            return string.Join('\n', lines);
        }
        yield return ("empty file", "", ["empty"]);
        yield return ("only blank lines", "\n\n  \n", ["empty"]);
        yield return ("header only", "customer_id,frequency,recency,T\n", ["no rows"]);
        yield return ("no frequency column", "customer_id,recency,T\nc1,1,2\n", ["line 1", "'frequency'"]);
        yield return ("no recency column", "customer_id,frequency,T\nc1,1,2\n", ["line 1", "'recency'"]);
        yield return ("no T column", "customer_id,frequency,recency\nc1,1,2\n", ["line 1", "'T'"]);
        yield return ("no id column", "frequency,recency,T\n1,1,2\n", ["line 1", "'customer_id'"]);
        yield return ("frequency named twice", "customer_id,frequency,frequency,recency,T\nc1,1,1,2,3\n", ["line 1", "'frequency' twice"]);
        yield return ("T named twice", "customer_id,frequency,recency,T,T\nc1,1,1,2,3\n", ["line 1", "'T' twice"]);
        yield return ("unclosed quote in the header", "\"customer_id,frequency,recency,T\nc1,1,1,2\n", ["line 1", "quoted"]);
        yield return ("too few fields", Row(2, "c2,1,1.71"), ["line 3", "missing"]);
        yield return ("empty customer id", Row(2, ",1,1.71,38.86,11.77"), ["line 3", "empty"]);
        yield return ("unclosed quote in a row", Row(2, "\"c2,1,1.71,38.86,11.77"), ["line 3", "quoted"]);
        yield return ("frequency is text", Row(2, "c2,abc,1.71,38.86,11.77"), ["line 3", "'abc'", "c2"]);
        yield return ("decimal comma", Row(2, "c2,1,\"1,71\",38.86,11.77"), ["line 3", "'1,71'"]);
        yield return ("frequency NaN", Row(2, "c2,NaN,1.71,38.86,11.77"), ["line 3", "c2", "frequency"]);
        yield return ("recency Infinity", Row(2, "c2,1,Infinity,38.86,11.77"), ["line 3", "c2", "recency"]);
        yield return ("negative frequency", Row(2, "c2,-1,1.71,38.86,11.77"), ["line 3", "c2", "frequency -1"]);
        yield return ("fractional frequency", Row(2, "c2,1.5,1.71,38.86,11.77"), ["line 3", "c2", "frequency 1.5"]);
        yield return ("negative recency", Row(2, "c2,1,-1.71,38.86,11.77"), ["line 3", "c2", "recency -1.71"]);
        yield return ("negative T", Row(2, "c2,0,0,-3,0"), ["line 3", "c2", "T -3"]);
        yield return ("recency above T", Row(2, "c2,1,40,38.86,11.77"), ["line 3", "c2", "recency 40 exceeds T 38.86"]);
        yield return ("recency without repeat purchases", Row(3, "c3,0,5,38.86,0"), ["line 4", "c3", "recency 5 must be 0"]);
        yield return ("repeat purchases with recency 0", Row(2, "c2,3,0,38.86,11.77"), ["line 3", "c2", "recency must be > 0"]);
        yield return ("repeat purchases with T 0", Row(2, "c2,3,0,0,11.77"), ["line 3", "c2", "recency must be > 0"]);
        yield return ("frequency past the supported range", Row(2, "c2,1e300,1.71,38.86,11.77"), ["line 3", "c2", "largest supported"]);
        yield return ("T past the supported range", Row(2, "c2,1,1.71,1e13,11.77"), ["line 3", "c2", "largest duration supported"]);
        yield return ("monetary value past the supported range", Row(2, "c2,1,1.71,38.86,1e16"), ["line 3", "c2", "monetary value"]);
        yield return ("monetary value NaN", Row(2, "c2,1,1.71,38.86,NaN"), ["line 3", "c2", "monetary value"]);
        yield return ("number overflowing double", Row(2, "c2,1,1.71,1e999,11.77"), ["line 3", "c2", "T"]);
        yield return ("weight 0", "customer_id,frequency,recency,T,weight\nc1,1,1,2,0\n", ["line 2", "c1", "weight 0"]);
        yield return ("negative weight", "customer_id,frequency,recency,T,weight\nc1,1,1,2,-2\n", ["line 2", "c1", "weight -2"]);
        yield return ("customer twice", Row(3, "c1,0,0,38.86,0"), ["line 4", "c1", "more than once", "line 2"]);
        yield return ("last line cut in a field list", Summary + "c5,1,2", ["line 6", "truncated"]);
        yield return ("last line cut in a number", Summary + "c5,1,2,38.86,1.", ["line 6", "truncated"]);
        yield return ("last line cut after an exponent", Summary + "c5,1,2,38.86,2e", ["line 6", "truncated"]);
        yield return ("last line cut in a quote", Summary + "\"c5,1,2", ["line 6"]);
        yield return ("binary garbage", "\u0001\u0002\u0003PK\u0004\n\u00ff\u00fe", ["'customer_id'"]);
        yield return ("semicolon-separated", "customer_id;frequency;recency;T\nc1;1;1;2\n", ["line 1", "'customer_id'"]);
        yield return ("tab-separated", "customer_id\tfrequency\trecency\tT\nc1\t1\t1\t2\n", ["line 1"]);
    }

    /// <summary>Bad transaction logs: (name, content, fragments besides the file name).</summary>
    private static IEnumerable<(string Name, string Content, string[] Fragments)> BadTransactionLogs()
    {
        yield return ("empty log", "", ["empty"]);
        yield return ("header only", "customer_id,date,amount\n", ["no transactions"]);
        yield return ("no date column", "customer_id,day,amount\na,2020-01-01,1\n", ["line 1", "'date'"]);
        yield return ("no amount column", "customer_id,date,value\na,2020-01-01,1\n", ["line 1", "'amount'"]);
        yield return ("date named twice", "customer_id,date,date,amount\na,2020-01-01,2020-01-01,1\n", ["line 1", "'date' twice"]);
        yield return ("unclosed quote in the header", "\"customer_id,date,amount\na,2020-01-01,1\n", ["line 1", "quoted"]);
        yield return ("invalid date", Transactions + "b,2020-13-01,5\n", ["line 5", "'2020-13-01'", "'b'"]);
        yield return ("date in words", Transactions + "b,yesterday,5\n", ["line 5", "'yesterday'"]);
        yield return ("amount is text", Transactions + "b,2020-01-03,five\n", ["line 5", "'five'", "'b'"]);
        yield return ("amount NaN", Transactions + "b,2020-01-03,NaN\n", ["line 5", "NaN"]);
        yield return ("amount infinite", Transactions + "b,2020-01-03,1e999\n", ["line 5", "infinite"]);
        yield return ("negative amount", Transactions + "b,2020-01-03,-5\n", ["line 5", "negative"]);
        yield return ("amounts overflowing their sum", Transactions + "b,2020-01-03,1.7e308\nb,2020-01-03,1.7e308\n", ["'b'", "overflow"]);
        yield return ("empty customer id", Transactions + ",2020-01-03,5\n", ["line 5", "empty"]);
        yield return ("too few fields", Transactions + "b,2020-01-03\n", ["line 5", "'amount'"]);
        yield return ("unclosed quote in a row", Transactions + "\"b,2020-01-03,5\n", ["line 5", "quoted"]);
        yield return ("a transaction after the observation end", Transactions + "b,2020-03-01,5\n", ["after the observation end", "2020-03-01"]);
        yield return ("binary garbage", "\u0001\u0002PK\n\u00ff", ["'customer_id'"]);
    }

    /// <summary>Bad model files given as <c>--model</c> to predict: (name, content, fragments besides the file name).</summary>
    private static IEnumerable<(string Name, string Content, string[] Fragments)> BadModelFiles()
    {
        string good = File.ReadAllText(Path.Combine(FixtureFolder, "bgnbd-mle-weeks.json"));
        string Replace(string from, string to)
        {
            Assert.Contains(from, good);
            return good.Replace(from, to, StringComparison.Ordinal);
        }
        yield return ("empty", "", ["empty"]);
        yield return ("an array", "[]", ["line 1, column", "one JSON object"]);
        yield return ("not JSON", "model = bgnbd\n", ["line 1, column 1", "not valid JSON"]);
        yield return ("cut in the parameters", good[..good.IndexOf("\"alpha\"", StringComparison.Ordinal)], ["line 10", "truncated"]);
        yield return ("cut in a number", good[..(good.IndexOf("\"r\": ", StringComparison.Ordinal) + 8)], ["line 9", "truncated"]);
        yield return ("cut in a text", good[..(good.IndexOf("\"bgnbd\"", StringComparison.Ordinal) + 3)], ["line 4", "truncated"]);
        yield return ("missing colon", Replace("\"r\": ", "\"r\" "), ["line 9, column", "not valid JSON"]);
        yield return ("extra comma", Replace("\"format\": \"clv-model\",", "\"format\": \"clv-model\",,"), ["line 2, column", "not valid JSON"]);
        yield return ("unquoted text", Replace("\"weeks\"", "weeks"), ["line 5, column", "not valid JSON"]);
        yield return ("parameter as text", Replace("\"r\": 0.24259435223193143", "\"r\": \"abc\""), ["line 9, column", "'parameters.r'", "not a number"]);
        yield return ("parameter as an object", Replace("\"r\": 0.24259435223193143", "\"r\": {}"), ["line 9, column", "'parameters.r'", "not a number"]);
        yield return ("parameter twice", Replace("\"r\": 0.24259435223193143", "\"r\": 0.24259435223193143, \"r\": 0.3"), ["line 9, column", "twice"]);
        yield return ("trailing text", good + "\nmore", ["line", "not valid JSON"]);
        yield return ("missing parameter", Replace("\"r\": 0.24259435223193143,", ""), ["'r'"]);
        yield return ("unknown parameter", Replace("\"r\": 0.24259435223193143,", "\"r\": 0.24259435223193143, \"s\": 1,"), ["no parameter 's'"]);
        yield return ("negative parameter", Replace("\"r\": 0.24259435223193143", "\"r\": -0.5"), ["'r'", "-0.5"]);
        yield return ("zero parameter", Replace("\"a\": 0.7929012468705804", "\"a\": 0"), ["'a'"]);
        yield return ("infinite parameter", Replace("\"b\": 2.4258082629552615", "\"b\": 1e999"), ["'b'"]);
        yield return ("parameter past the supported range", Replace("\"b\": 2.4258082629552615", "\"b\": 1e308"), ["'b'", "supports"]);
        yield return ("parameter below the supported range", Replace("\"alpha\": 4.413592758089469", "\"alpha\": 1e-200"), ["'alpha'", "supports"]);
        yield return ("unknown model", Replace("\"model\": \"bgnbd\"", "\"model\": \"nbd2\""), ["unknown model 'nbd2'"]);
        yield return ("unsupported format version", Replace("\"format_version\": 1", "\"format_version\": 99"), ["format_version 99"]);
        yield return ("time unit disagreeing with its days", Replace("\"time_unit_days\": 7", "\"time_unit_days\": 30"), ["time_unit"]);
        yield return ("negative time unit length", Replace("\"time_unit_days\": 7", "\"time_unit_days\": -7"), ["time_unit_days -7"]);
        yield return ("unknown method", Replace("\"method\": \"mle\"", "\"method\": \"guess\""), ["guess"]);
        yield return ("missing model name", Replace("\"model\": \"bgnbd\",", ""), ["'model'"]);
        yield return ("a spend model as --model", File.ReadAllText(Path.Combine(FixtureFolder, "gamma-gamma-mle.json")), ["--spend-model"]);
    }

    /// <summary>Bad options: (name, arguments, fragments of the error).</summary>
    private static IEnumerable<(string Name, string[] Arguments, string[] Fragments)> BadOptions()
    {
        string[] With(string[] arguments, string option, string value)
        {
            var list = arguments.ToList();
            int at = list.IndexOf(option);
            if (at < 0) list.AddRange([option, value]);
            else list[at + 1] = value;
            return list.ToArray();
        }
        string[] Without(string[] arguments, string option)
        {
            var list = arguments.ToList();
            int at = list.IndexOf(option);
            list.RemoveRange(at, 2);
            return list.ToArray();
        }
        string[] fit = FitArgs.Select(a => a.Replace("bad.csv", "s.csv", StringComparison.Ordinal)).ToArray();
        string[] predict = PredictArgs.Select(a => a.Replace("bad.csv", "s.csv", StringComparison.Ordinal)).ToArray();
        string[] summarize = SummarizeArgs.Select(a => a.Replace("bad.csv", "tx.csv", StringComparison.Ordinal)).ToArray();
        string[] report = ReportArgs.Select(a => a.Replace("bad.csv", "tx.csv", StringComparison.Ordinal)).ToArray();
        foreach (var (command, arguments) in new[] { ("fit", fit), ("predict", predict), ("summarize", summarize), ("report", report) })
        {
            yield return ($"{command}: unknown option", [.. arguments, "--bogus"], ["'--bogus'", $"clv {command} --help"]);
            yield return ($"{command}: option without its value", [.. Without(arguments, "--output"), "--output"], ["--output"]);
            yield return ($"{command}: input is a folder", With(arguments, command == "report" ? "--transactions" : "--input", "{dir}/sub"), ["sub", "is a folder"]);
            yield return ($"{command}: input does not exist", With(arguments, command == "report" ? "--transactions" : "--input", "{dir}/none.csv"), ["none.csv"]);
            yield return ($"{command}: output is a folder", With(arguments, "--output", "{dir}/sub"), ["sub", "is a folder"]);
            yield return ($"{command}: output folder missing", With(arguments, "--output", "{dir}/nowhere/out"), ["nowhere", "does not exist"]);
            yield return ($"{command}: output is the input", With(arguments, "--output", command switch
            {
                "fit" or "predict" => "{dir}/s.csv",
                _ => "{dir}/tx.csv",
            }), ["same file", "would destroy"]);
            if (command != "report") yield return ($"{command}: output exists", With(arguments, "--output", "{dir}/existing.txt"), ["existing.txt", "--force"]);
        }
        yield return ("fit: missing --input", Without(fit, "--input"), ["--input"]);
        yield return ("fit: missing --output", Without(fit, "--output"), ["--output"]);
        yield return ("fit: unknown model", With(fit, "--model", "nbd2"), ["nbd2"]);
        yield return ("fit: unknown method", With(fit, "--method", "guess"), ["guess"]);
        yield return ("fit: unknown time unit", With(fit, "--time-unit", "fortnights"), ["fortnights"]);
        yield return ("fit: missing time unit", Without(fit, "--time-unit"), ["--time-unit"]);
        yield return ("fit: iterations not a number", With(fit, "--max-iterations", "many"), ["'many'", "--max-iterations"]);
        yield return ("fit: zero iterations", With(fit, "--max-iterations", "0"), ["--max-iterations"]);
        yield return ("fit: negative penalty", With(fit, "--penalty", "-1"), ["penalty"]);
        yield return ("fit: zero chains", [.. With(fit, "--method", "nuts"), "--chains", "0"], ["chains"]);
        yield return ("fit: negative draws", [.. With(fit, "--method", "nuts"), "--draws", "-5"], ["draws"]);
        yield return ("fit: penalty with nuts", [.. With(fit, "--method", "nuts"), "--penalty", "1"], ["penalty"]);
        yield return ("predict: missing --horizon", Without(predict, "--horizon"), ["--horizon"]);
        yield return ("predict: horizon not a number", With(predict, "--horizon", "soon"), ["'soon'", "--horizon"]);
        yield return ("predict: negative horizon", With(predict, "--horizon", "-3"), ["horizon"]);
        yield return ("predict: horizon NaN", With(predict, "--horizon", "NaN"), ["horizon"]);
        yield return ("predict: unknown horizon unit", With(predict, "--horizon-unit", "fortnights"), ["fortnights"]);
        yield return ("predict: time unit disagreeing with the model", With(predict, "--time-unit", "days"), ["days", "weeks"]);
        yield return ("predict: missing discount rate", Without(predict, "--discount-rate"), ["--discount-rate"]);
        yield return ("predict: discount rate below -1", With(predict, "--discount-rate", "-2"), ["discount"]);
        yield return ("predict: discount rate not a number", With(predict, "--discount-rate", "1%"), ["'1%'"]);
        yield return ("predict: interval above 1", With(predict, "--interval", "1.5"), ["interval"]);
        yield return ("predict: margin NaN", With(predict, "--margin", "NaN"), ["margin"]);
        yield return ("predict: purchase model as spend model", With(predict, "--spend-model", "{dir}/m.json"), ["m.json", "--model"]);
        yield return ("predict: model file missing", With(predict, "--model", "{dir}/none.json"), ["none.json"]);
        yield return ("predict: model file is a folder", With(predict, "--model", "{dir}/sub"), ["sub", "is a folder"]);
        yield return ("predict: summary without monetary_value", With(predict, "--input", "{dir}/nomoney.csv"), ["nomoney.csv", "'monetary_value'"]);
        yield return ("predict: repeat customer without spend", With(predict, "--input", "{dir}/zerospend.csv"), ["zerospend.csv", "line 3", "'c2'"]);
        yield return ("fit gamma-gamma: summary without monetary_value", With(With(fit, "--model", "gamma-gamma"), "--input", "{dir}/nomoney.csv"), ["nomoney.csv", "'monetary_value'"]);
        yield return ("fit gamma-gamma: repeat customer without spend", With(With(fit, "--model", "gamma-gamma"), "--input", "{dir}/zerospend.csv"), ["zerospend.csv", "line 3", "'c2'"]);
        yield return ("summarize: missing observation end", Without(summarize, "--observation-end"), ["--observation-end"]);
        yield return ("summarize: observation end not a date", With(summarize, "--observation-end", "31/01/2020"), ["'31/01/2020'", "--observation-end"]);
        yield return ("summarize: impossible date", With(summarize, "--observation-end", "2020-02-30"), ["'2020-02-30'"]);
        yield return ("summarize: calibration end not a date", [.. summarize, "--calibration-end", "soon"], ["'soon'", "--calibration-end"]);
        yield return ("summarize: observation end before every purchase", With(summarize, "--observation-end", "2019-01-01"), ["2019-01-01"]);
        yield return ("summarize: calibration end after observation end", [.. summarize, "--calibration-end", "2021-01-01"], ["2021-01-01"]);
        yield return ("summarize: two-character delimiter", [.. summarize, "--delimiter", "ab"], ["'ab'", "--delimiter"]);
        yield return ("summarize: missing column option", [.. summarize, "--date-column", "when"], ["'when'", "tx.csv"]);
        yield return ("summarize: date format not matching", [.. summarize, "--date-format", "yyyyMMdd"], ["tx.csv", "line 2"]);
        yield return ("summarize: unknown time unit", With(summarize, "--time-unit", "fortnights"), ["fortnights"]);
        yield return ("report: calibration end not a date", With(report, "--calibration-end", "mid-January"), ["'mid-January'"]);
        yield return ("report: calibration end after observation end", With(report, "--calibration-end", "2020-02-15"), ["2020-02-15"]);
        yield return ("demo: unknown option", ["demo", "--output-dir", "{dir}/demo", "--bogus"], ["'--bogus'", "clv demo --help"]);
        yield return ("demo: output folder is a file", ["demo", "--output-dir", "{dir}/tx.csv"], ["tx.csv", "not a folder"]);
        yield return ("demo: existing outputs", ["demo", "--output-dir", "{dir}/olddemo"], ["olddemo", "--force"]);
        yield return ("demo: value without its option", ["demo", "stray"], ["'stray'"]);
        yield return ("no command", ["--bogus"], ["'--bogus'"]);
        yield return ("unknown command", ["fitt", "--input", "x"], ["'fitt'"]);
    }

    public static TheoryData<Case> Cases()
    {
        var data = new TheoryData<Case>();
        foreach (var c in AllCases()) data.Add(c);
        return data;
    }

    private static List<Case> AllCases()
    {
        var data = new List<Case>();
        static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
        foreach (var (name, content, fragments) in BadSummaries())
        {
            data.Add(new Case("fit, summary: " + name, FitArgs, CliErrors.InputError, ["bad.csv", .. fragments], [("bad.csv", Utf8(content))]));
            data.Add(new Case("predict, summary: " + name, PredictArgs, CliErrors.InputError, ["bad.csv", .. fragments], [("bad.csv", Utf8(content))]));
        }
        foreach (var (name, content, fragments) in BadTransactionLogs())
        {
            data.Add(new Case("summarize, log: " + name, SummarizeArgs, CliErrors.InputError, ["bad.csv", .. fragments], [("bad.csv", Utf8(content))]));
            data.Add(new Case("report, log: " + name, ReportArgs, CliErrors.InputError, ["bad.csv", .. fragments], [("bad.csv", Utf8(content))]));
        }
        foreach (var (name, content, fragments) in BadModelFiles())
        {
            string[] arguments = PredictArgs.Select(a => a.Replace("{dir}/m.json", "{dir}/bad.json", StringComparison.Ordinal)
                .Replace("bad.csv", "s.csv", StringComparison.Ordinal)).ToArray();
            data.Add(new Case("predict, model file: " + name, arguments, CliErrors.InputError, ["bad.json", .. fragments], [("bad.json", Utf8(content))]));
        }
        foreach (var (name, arguments, fragments) in BadOptions())
            data.Add(new Case("options, " + name, arguments, CliErrors.InputError, fragments, []));
        return data;
    }

    [Fact]
    public void TheSuiteHasAtLeast150CasesOverEveryCommandThatWrites()
    {
        var cases = AllCases();
        Assert.True(cases.Count >= 150, $"{cases.Count} cases");
        foreach (var command in new[] { "summarize", "fit", "predict", "report", "demo" })
            Assert.Contains(cases, c => c.Arguments[0] == command);
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ABadInputIsOneClearErrorAndChangesNothing(Case bad)
    {
        string folder = Directory.CreateTempSubdirectory("clv-bad-").FullName;
        try
        {
            WriteValidFiles(folder);
            foreach (var (name, content) in bad.Files) File.WriteAllBytes(Path.Combine(folder, name), content);
            var before = Snapshot(folder);
            string[] arguments = bad.Arguments.Select(a => a.Replace("{dir}", folder, StringComparison.Ordinal)).ToArray();

            var (code, _, error) = CliRunner.Run(arguments);

            string command = Program.BuildRoot().Subcommands.Any(c => c.Name == arguments[0]) ? $"clv {arguments[0]}" : "clv";
            var lines = error.TrimEnd('\n', '\r').Split('\n');
            Assert.True(code == bad.ExitCode, $"exit {code}, expected {bad.ExitCode}: {error}");
            Assert.True(lines.Length == 1, $"{lines.Length} lines on standard error: {error}");
            Assert.StartsWith($"{command}: error: ", lines[0]);
            foreach (string fragment in bad.Fragments)
                Assert.True(lines[0].Contains(fragment, StringComparison.Ordinal), $"'{fragment}' is not in: {lines[0]}");
            Assert.Equal(before, Snapshot(folder)); // inputs unchanged, no output, no temporary file
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteValidFiles(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "s.csv"), Summary);
        File.WriteAllText(Path.Combine(folder, "tx.csv"), Transactions);
        File.WriteAllText(Path.Combine(folder, "nomoney.csv"), "customer_id,frequency,recency,T\nc1,2,30.43,38.86\nc2,1,1.71,38.86\n");
        File.WriteAllText(Path.Combine(folder, "zerospend.csv"), "customer_id,frequency,recency,T,monetary_value\nc1,2,30.43,38.86,22.35\nc2,1,1.71,38.86,0\n");
        File.WriteAllText(Path.Combine(folder, "existing.txt"), "keep me");
        File.Copy(Path.Combine(FixtureFolder, "bgnbd-mle-weeks.json"), Path.Combine(folder, "m.json"));
        File.Copy(Path.Combine(FixtureFolder, "gamma-gamma-mle.json"), Path.Combine(folder, "gg.json"));
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        Directory.CreateDirectory(Path.Combine(folder, "olddemo"));
        File.WriteAllText(Path.Combine(folder, "olddemo", "bgnbd.json"), "old");
    }

    /// <summary>Every file under the folder (hidden temporaries included) with its SHA-256.</summary>
    private static string Snapshot(string folder) => string.Join("\n", Directory
        .EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        .Order(StringComparer.Ordinal)
        .Select(path => $"{Path.GetRelativePath(folder, path)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}"));
}
