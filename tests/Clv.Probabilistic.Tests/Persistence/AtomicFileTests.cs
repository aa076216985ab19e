using System.Diagnostics;
using System.Text;
using Clv.Probabilistic.Persistence;

namespace Clv.Probabilistic.Tests.Persistence;

/// <summary>Writes are atomic: the target holds the old content or the new, never part of either.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clv-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private string[] Temporaries() => Directory.GetFiles(_folder, ".*.tmp");

    [Fact]
    public void WritesAndReplacesWithoutLeavingATemporaryFile()
    {
        string path = PathOf("a.txt");
        AtomicFile.WriteAllText(path, "first");
        Assert.Equal("first", File.ReadAllText(path));
        AtomicFile.WriteAllText(path, "second, longer");
        Assert.Equal("second, longer", File.ReadAllText(path));
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        AtomicFile.WriteText(path, w => w.Write("é"));
        Assert.Equal([0xC3, 0xA9], File.ReadAllBytes(path)); // UTF-8 without a byte-order mark
        Assert.Empty(Temporaries());
    }

    [Fact]
    public void OnLinuxTwoFilesSwapNamesInOneStep()
    {
        string first = PathOf("first.txt"), second = PathOf("second.txt");
        File.WriteAllText(first, "one");
        File.WriteAllText(second, "two");
        if (!OperatingSystem.IsLinux())
        {
            Assert.False(FileExchange.TrySwap(first, second));
            return;
        }
        FileExchange.Prepare();
        Assert.True(FileExchange.TrySwap(first, second));
        Assert.Equal(("two", "one"), (File.ReadAllText(first), File.ReadAllText(second)));
        // A missing name is no swap, and changes nothing.
        Assert.False(FileExchange.TrySwap(first, PathOf("missing.txt")));
        Assert.Equal(("two", "one"), (File.ReadAllText(first), File.ReadAllText(second)));
        Assert.False(File.Exists(PathOf("missing.txt")));
    }

    [Fact]
    public void ReplacingAFileDeletesItsOldContentAndLeavesOtherLinksToItAlone()
    {
        // Replaced by a swap of names on Linux: the old content, under the temporary name afterwards, is deleted; a second
        // name of the old file (a hard link) still holds it, as after a rename over the file.
        string path = PathOf("a.csv"), other = PathOf("b.csv");
        File.WriteAllText(path, "old content");
        if (OperatingSystem.IsLinux())
        {
            using var link = Process.Start("ln", [path, other])!;
            link.WaitForExit();
            Assert.Equal(0, link.ExitCode);
        }
        AtomicFile.Write(path, stream => stream.Write("new content"u8), flushToDisk: false);
        Assert.Equal("new content", File.ReadAllText(path));
        if (OperatingSystem.IsLinux()) Assert.Equal("old content", File.ReadAllText(other));
        Assert.Empty(Temporaries());
    }

    [Fact]
    public void ATargetThatIsASymbolicLinkIsReplacedByAFileAndTheLinkedFileLeftAlone()
    {
        if (OperatingSystem.IsWindows()) return; // links need privileges there
        string linked = PathOf("linked.txt"), path = PathOf("link.txt");
        File.WriteAllText(linked, "linked content");
        File.CreateSymbolicLink(path, linked);
        AtomicFile.WriteAllText(path, "new");
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal("linked content", File.ReadAllText(linked));
        Assert.Empty(Temporaries());
    }

    [Fact]
    public void ATargetThatIsAFolderIsAnIOExceptionAndLeavesNoTemporaryFile()
    {
        string path = PathOf("folder");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "inside.txt"), "kept");
        Assert.ThrowsAny<Exception>(() => AtomicFile.WriteAllText(path, "new"));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(path, "inside.txt")));
        Assert.Empty(Temporaries());
    }

    [Fact]
    public void FlushingToDiskIsTheDefaultAndCanBeDeclined()
    {
        string path = PathOf("a.txt");
        var flushes = new System.Runtime.CompilerServices.StrongBox<int>();
        AtomicFile.FlushesToDisk.Value = flushes;
        AtomicFile.WriteAllText(path, "flushed");
        AtomicFile.WriteText(path, w => w.Write("flushed too"));
        Assert.Equal(2, flushes.Value);
        AtomicFile.WriteText(path, w => w.Write("not flushed"), flushToDisk: false);
        Assert.Equal("not flushed", File.ReadAllText(path));
        AtomicFile.Write(path, stream => stream.Write("bytes"u8), flushToDisk: false);
        Assert.Equal("bytes", File.ReadAllText(path));
        Assert.Equal(2, flushes.Value);
        Assert.Empty(Temporaries());
    }

    [Fact]
    public void AFailingUnflushedWriterLeavesTheOldFileAndNoTemporaryFile()
    {
        string path = PathOf("a.txt");
        File.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100_000]);
            throw new InvalidOperationException("disk on fire");
        }, flushToDisk: false));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Empty(Temporaries());
    }

    [Fact]
    public void AFailingWriterLeavesTheOldFileAndNoTemporaryFile()
    {
        string path = PathOf("a.txt");
        File.WriteAllText(path, "old");
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100_000]);
            Assert.Single(Temporaries()); // the new content goes to a temporary file in the same folder
            throw new InvalidOperationException("disk on fire");
        }));
        Assert.Equal("disk on fire", e.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Empty(Temporaries());
    }

    [Fact]
    public void ATakenTemporaryNameIsLeftAloneAndAnotherTried()
    {
        string taken = PathOf(".a.txt.aaaaaaaaaaaa.tmp");
        File.WriteAllText(taken, "another writer's");
        var suffixes = new Queue<string>(["aaaaaaaaaaaa", "aaaaaaaaaaaa", "bbbbbbbbbbbb"]);
        var (temporary, stream) = AtomicFile.CreateTemporary(_folder, "a.txt", suffixes.Dequeue);
        stream.Dispose();
        Assert.Equal(PathOf(".a.txt.bbbbbbbbbbbb.tmp"), temporary);
        Assert.Equal("another writer's", File.ReadAllText(taken));
        Assert.Empty(suffixes);
    }

    [Fact]
    public void ANameTakenEveryTimeIsAnIOExceptionAfterBoundedAttempts()
    {
        File.WriteAllText(PathOf(".a.txt.aaaaaaaaaaaa.tmp"), "taken");
        int attempts = 0;
        Assert.ThrowsAny<IOException>(() => AtomicFile.CreateTemporary(_folder, "a.txt", () =>
        {
            attempts++;
            return "aaaaaaaaaaaa";
        }));
        Assert.InRange(attempts, 2, 100);
        Assert.Equal("taken", File.ReadAllText(PathOf(".a.txt.aaaaaaaaaaaa.tmp")));
    }

    [Fact]
    public void TemporaryNamesAreTwelveHexDigitsThatDiffer()
    {
        var suffixes = Enumerable.Range(0, 1000).Select(_ => AtomicFile.TemporarySuffix()).ToArray();
        Assert.All(suffixes, s => Assert.Matches("^[0-9a-f]{12}$", s));
        Assert.True(suffixes.Distinct().Count() > 990);
    }

    [Fact]
    public void AMissingFolderIsAnIOExceptionAndCreatesNothing()
    {
        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(PathOf("no/such/folder.txt"), "x"));
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void TheReplacementKeepsThePermissionsOfTheFileItReplaces()
    {
        if (OperatingSystem.IsWindows()) return;
        string path = PathOf("a.txt");
        File.WriteAllText(path, "old");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    /// <summary>
    /// Kills <c>clv summarize</c> while it writes a summary of 400,000 customers over an existing file: the target then
    /// holds the whole old file or the whole new one. Only the timing of the kill is retried (until a kill lands while
    /// the temporary file is being written); the content is checked after every attempt.
    /// </summary>
    [Fact]
    public void AWriterKilledMidWriteLeavesTheOldFileOrTheNewOneNeverPartOfIt()
    {
        string clv = Path.Combine(AppContext.BaseDirectory, "clv.dll");
        Assert.True(File.Exists(clv), clv);
        string input = PathOf("tx.csv");
        using (var writer = new StreamWriter(input))
        {
            writer.Write("customer_id,date,amount\n");
            for (int i = 0; i < 400_000; i++) writer.Write($"customer-{i:D7},2020-01-{1 + i % 28:D2},{i % 97 + 1}\n");
        }
        string target = PathOf("summary.csv");
        string[] arguments = ["summarize", "--input", input, "--time-unit", "weeks", "--observation-end", "2020-12-31", "--output", target, "--force"];

        // A completed write: the new content, and no temporary file left.
        File.WriteAllText(target, "old\n");
        Assert.Equal(0, Run(clv, arguments, killAfter: null));
        byte[] complete = File.ReadAllBytes(target);
        Assert.Equal(400_001, Encoding.UTF8.GetString(complete).Count(c => c == '\n'));
        Assert.Empty(Temporaries());

        byte[] old = Encoding.UTF8.GetBytes(new string('o', 1 << 20) + "\n");
        int killedMidWrite = 0;
        for (int attempt = 0; attempt < 10 && killedMidWrite < 2; attempt++)
        {
            File.WriteAllBytes(target, old);
            bool killed = Run(clv, arguments, killAfter: TimeSpan.FromMilliseconds(attempt * attempt)) < 0;
            byte[] now = File.ReadAllBytes(target);
            Assert.True(now.AsSpan().SequenceEqual(old) || now.AsSpan().SequenceEqual(complete),
                $"attempt {attempt}: the target holds {now.Length} bytes, neither the old {old.Length} nor the new {complete.Length}");
            if (killed && now.AsSpan().SequenceEqual(old)) killedMidWrite++;
            foreach (var temporary in Temporaries()) File.Delete(temporary); // what a killed writer leaves behind
        }
        Assert.True(killedMidWrite > 0, "no kill landed while the file was being written");
    }

    /// <summary>
    /// Every other command that writes (<c>fit</c>, <c>predict</c>, <c>report</c>, <c>demo</c>), killed again and again
    /// while it runs (as soon as a temporary file appears, or at a fraction of a complete run's time), leaves each of its
    /// outputs holding the whole old content or the whole new one. The test fails if a kill never lands before the
    /// command finishes, so the kills are real.
    /// </summary>
    [Theory]
    [InlineData("fit")]
    [InlineData("predict")]
    [InlineData("report")]
    [InlineData("demo")]
    public void EveryWritingCommandKilledLeavesEachOutputOldOrNew(string command)
    {
        string clv = Path.Combine(AppContext.BaseDirectory, "clv.dll");
        string fixtures = Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "v1");
        string[] arguments;
        string[] targets;
        switch (command)
        {
            case "fit":
                File.Copy(Path.Combine(fixtures, "cdnow-weeks.csv"), PathOf("s.csv"));
                targets = [PathOf("m.json")];
                arguments = ["fit", "--model", "bgnbd", "--input", PathOf("s.csv"), "--time-unit", "weeks", "--output", targets[0], "--force"];
                break;
            case "predict":
                using (var writer = new StreamWriter(PathOf("s.csv")))
                {
                    writer.Write("customer_id,frequency,recency,T\n");
                    for (int i = 0; i < 200_000; i++) writer.Write(i % 5 == 0 ? $"c{i},0,0,39\n" : $"c{i},{i % 5},{1 + i % 30},39\n");
                }
                File.Copy(Path.Combine(fixtures, "bgnbd-mle-weeks.json"), PathOf("m.json"));
                targets = [PathOf("p.csv")];
                arguments = ["predict", "--model", PathOf("m.json"), "--input", PathOf("s.csv"), "--horizon", "39", "--output", targets[0], "--force"];
                break;
            case "report": // the embedded CDNOW sample
                targets = [PathOf("r.html")];
                arguments = ["report", "--output", targets[0], "--force"];
                break;
            default:
                targets = new[] { "predictions.csv", "bgnbd.json", "gamma-gamma.json", "report.html" }.Select(f => Path.Combine(_folder, "demo", f)).ToArray();
                arguments = ["demo", "--output-dir", Path.Combine(_folder, "demo"), "--force"];
                Directory.CreateDirectory(Path.Combine(_folder, "demo"));
                break;
        }
        var inputs = Directory.GetFiles(_folder).ToDictionary(f => f, File.ReadAllBytes);

        var clock = Stopwatch.StartNew();
        Assert.Equal(0, Run(clv, arguments, killAfter: null));
        var complete = clock.Elapsed;
        var fresh = targets.Select(File.ReadAllBytes).ToArray();
        int killed = 0;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            foreach (var target in targets) File.WriteAllText(target, "old " + Path.GetFileName(target));
            // Even attempts: kill when the first temporary file appears (after 0 or 2 ms); odd ones: at 60% or 80% of a
            // complete run's time, whatever the command is doing then.
            bool wasKilled = attempt % 2 == 0
                ? Run(clv, arguments, killAfter: TimeSpan.FromMilliseconds(attempt), temporaryPattern: ".*.tmp", searchFolder: Path.GetDirectoryName(targets[0])) < 0
                : Run(clv, arguments, killAfter: complete * (0.5 + 0.2 * attempt / 2.0), temporaryPattern: null) < 0;
            if (wasKilled) killed++;
            for (int k = 0; k < targets.Length; k++)
            {
                string now = File.ReadAllText(targets[k]);
                bool isOld = now == "old " + Path.GetFileName(targets[k]);
                // A report names the time it was made, so a new one is recognised by its complete end.
                bool isNew = targets[k].EndsWith(".html", StringComparison.Ordinal)
                    ? now.TrimEnd().EndsWith("</html>", StringComparison.Ordinal) && now.Length > fresh[k].Length / 2
                    : File.ReadAllBytes(targets[k]).AsSpan().SequenceEqual(fresh[k]);
                Assert.True(isOld || isNew, $"{command}, attempt {attempt}: {targets[k]} holds {now.Length} characters, neither the old content nor a complete new file");
            }
            foreach (var temporary in Directory.GetFiles(Path.GetDirectoryName(targets[0])!, ".*.tmp")) File.Delete(temporary);
        }
        Assert.True(killed > 0, $"{command}: no kill landed before the command finished (a complete run takes {complete.TotalMilliseconds:F0} ms)");
        foreach (var (path, bytes) in inputs) Assert.Equal(bytes, File.ReadAllBytes(path)); // the inputs are untouched
    }

    /// <summary>
    /// Runs the tool; with <paramref name="killAfter"/>, kills it that long after its temporary file appears (or, without
    /// <paramref name="temporaryPattern"/>, that long after it starts) and returns -1 (or its exit code if it finished first).
    /// </summary>
    private int Run(string clv, string[] arguments, TimeSpan? killAfter, string? temporaryPattern = ".summary.csv.*.tmp", string? searchFolder = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(clv);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (killAfter is { } delay)
        {
            var clock = Stopwatch.StartNew();
            while (!process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                if (temporaryPattern is null ? clock.Elapsed >= delay : Directory.EnumerateFiles(searchFolder ?? _folder, temporaryPattern).Any())
                {
                    if (temporaryPattern is null) delay = TimeSpan.Zero;
                    if (delay > TimeSpan.Zero) Thread.Sleep(delay);
                    if (process.HasExited) break;
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                    return -1;
                }
                Thread.SpinWait(1000);
            }
        }
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "clv did not finish");
        process.WaitForExit();
        return process.ExitCode;
    }
}
