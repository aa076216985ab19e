using System.Globalization;
using System.Text;

namespace Clv.Probabilistic.Persistence;

/// <summary>
/// Writes a file so that it is never left half-written: the content goes to a temporary file in the same folder
/// (<c>.&lt;name&gt;.&lt;random&gt;.tmp</c>), is flushed to disk unless the caller says otherwise, and then replaces the
/// target in one rename. A process killed or failing mid-write leaves the target as it was (the old content, or no
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
        // 48 random bits keep concurrent writers' names apart (FileMode.CreateNew refuses a clash rather than share a
        // file); they need not be unpredictable, and the cryptographic generator would load OpenSSL (15-20 ms per process).
        string suffix = Random.Shared.NextInt64(1L << 48).ToString("x12", CultureInfo.InvariantCulture);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{suffix}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk);
                if (flushToDisk && FlushesToDisk.Value is { } flushes) flushes.Value++;
            }
            if (!OperatingSystem.IsWindows() && File.Exists(target))
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            File.Move(temporary, target, overwrite: true);
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
