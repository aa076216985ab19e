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
    /// Runs the tool; with <paramref name="killAfter"/>, kills it that long after its temporary file appears and returns
    /// -1 (or its exit code if it finished first).
    /// </summary>
    private int Run(string clv, string[] arguments, TimeSpan? killAfter)
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
                if (Directory.EnumerateFiles(_folder, ".summary.csv.*.tmp").Any())
                {
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
