using System.Text;

namespace Clv.Probabilistic.Persistence;

/// <summary>
/// Writes a file so that it is never left half-written: the content goes to a temporary file in the same folder
/// (<c>.&lt;name&gt;.&lt;random&gt;.tmp</c>), is flushed to disk unless the caller says otherwise, and then replaces the
/// target in one rename (on Linux, an existing target by one swap of the two names, <see cref="FileExchange"/>, after which
/// the old content is deleted under the temporary name). A process killed or failing mid-write leaves the target as it was (the old content, or no
/// file); a failing write deletes its temporary file. Every file this library and the <c>clv</c> tool write (model
/// files, summaries, predictions, reports, charts) goes through here.
/// </summary>
/// <remarks>
/// <para>
/// Durability is a choice of the caller. Flushed to disk (the default, <c>fsync</c> before the rename), the new content
/// survives a crash of the whole machine once the call returns. Not flushed (<c>flushToDisk: false</c>), the write is
/// just as atomic against a killed or failing process, but after a power loss or kernel crash shortly after the call
/// the target may hold the old content, or on some file systems an empty file, until written again. The <c>clv</c> tool
/// flushes model files (small, costly to make again) and does not flush bulk tables derived from its inputs by one
/// command (<c>clv predict</c>'s predictions), where the flush of tens of megabytes took 0.05–0.16 s of a 0.3 s command
/// (docs/performance.md, docs/reliability.md).
/// </para>
/// <para>
/// On Unix the new file takes the permissions of the file it replaces. A target that is a symbolic link is replaced by a
/// regular file (the link's target is left alone). A process killed between creating and renaming the temporary file
/// leaves that temporary file behind; it is never mistaken for the target.
/// </para>
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes the file at <paramref name="path"/> with what <paramref name="write"/> puts into the stream.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content; the stream is flushed to disk and closed afterwards.</param>
    /// <exception cref="IOException">The folder does not exist, or the file cannot be written or replaced.</exception>
    public static void Write(string path, Action<Stream> write) => Write(path, write, flushToDisk: true);

    /// <summary>
    /// Writes the file at <paramref name="path"/> with what <paramref name="write"/> puts into the stream, flushed to disk
    /// before the rename or not (see the remarks of <see cref="AtomicFile"/>).
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content; the stream is closed afterwards.</param>
    /// <param name="flushToDisk">Whether the content is flushed to disk (<c>fsync</c>) before it replaces the target.</param>
    /// <exception cref="IOException">The folder does not exist, or the file cannot be written or replaced.</exception>
    public static void Write(string path, Action<Stream> write, bool flushToDisk)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target) ?? throw new IOException($"{path} is not a file path.");
        var (temporary, file) = CreateTemporary(folder, Path.GetFileName(target), TemporarySuffix);
        try
        {
            using (var stream = file)
            {
                write(stream);
                stream.Flush(flushToDisk);
                if (flushToDisk && FlushesToDisk.Value is { } flushes) flushes.Value++;
            }
            bool replaces = false;
            if (!OperatingSystem.IsWindows() && File.Exists(target))
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
                replaces = true;
            }
            if (!replaces || !FileExchange.TrySwap(temporary, target))
            {
                File.Move(temporary, target, overwrite: true);
                return;
            }
            if (Directory.Exists(temporary))
            {
                // A folder put at the target since it was looked at: swapped back, and the rename refuses it as it always has.
                FileExchange.TrySwap(temporary, target);
                File.Move(temporary, target, overwrite: true);
                return;
            }
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The original failure is the one to report.
            }
            throw;
        }
        // Swapped: the new content is in place and the old one is under the temporary name.
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path} is written, but its old content, now {temporary}, could not be deleted: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    /// <inheritdoc cref="Write(string, Action{Stream})" path="/exception"/>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteText(path, writer => writer.Write(text));
    }

    /// <summary>Writes text through a buffered UTF-8 writer (no byte-order mark), flushed before the file is renamed.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content.</param>
    /// <inheritdoc cref="Write(string, Action{Stream})" path="/exception"/>
    public static void WriteText(string path, Action<TextWriter> write) => WriteText(path, write, flushToDisk: true);

    /// <summary>Writes text through a buffered UTF-8 writer (no byte-order mark), flushed to disk before the rename or not.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content.</param>
    /// <param name="flushToDisk">Whether the content is flushed to disk (<c>fsync</c>) before it replaces the target (see the remarks of <see cref="AtomicFile"/>).</param>
    /// <inheritdoc cref="Write(string, Action{Stream})" path="/exception"/>
    public static void WriteText(string path, Action<TextWriter> write, bool flushToDisk)
    {
        ArgumentNullException.ThrowIfNull(write);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            write(writer);
        }, flushToDisk);
    }

    /// <summary>
    /// Creates the temporary file <c>.&lt;name&gt;.&lt;suffix&gt;.tmp</c> in <paramref name="folder"/> with a new suffix
    /// from <paramref name="suffixes"/> while the name is taken (by another writer of the same target, or one killed
    /// before its rename): the name only has to be free, not secret, so it need not come from a cryptographic source.
    /// </summary>
    internal static (string Path, FileStream Stream) CreateTemporary(string folder, string name, Func<string> suffixes)
    {
        for (int attempt = 1; ; attempt++)
        {
            string temporary = Path.Combine(folder, $".{name}.{suffixes()}.tmp");
            try
            {
                return (temporary, new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16));
            }
            catch (IOException) when (attempt < TemporaryAttempts && File.Exists(temporary))
            {
                // Taken: another name.
            }
        }
    }

    private const int TemporaryAttempts = 16;

    /// <summary>Twelve hex digits from a non-cryptographic generator (the cryptographic one loads OpenSSL: ~20 ms of a short command).</summary>
    internal static string TemporarySuffix()
    {
        Span<byte> bytes = stackalloc byte[6];
        Random.Shared.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>For tests: when set, counts the files of this flow of execution flushed to disk.</summary>
    internal static readonly AsyncLocal<System.Runtime.CompilerServices.StrongBox<int>?> FlushesToDisk = new();

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    /// <inheritdoc cref="Write(string, Action{Stream})" path="/exception"/>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes));
    }
}
