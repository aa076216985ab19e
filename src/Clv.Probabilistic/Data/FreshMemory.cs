using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Asks Linux to back a large new array with 2 MiB pages (transparent huge pages) before it is first written. The
/// first write to each page of fresh memory traps into the kernel, which clears the page; on the project's virtual
/// machine a trap costs about 5 µs, so filling the 40 MB of a million-row summary's columns took more time in the kernel
/// than in the parser. With 2 MiB pages there is one trap where there were 512. Only a hint: where huge pages are off
/// (<c>/sys/kernel/mm/transparent_hugepage/enabled</c> is <c>never</c>), on other systems, or if the call fails, nothing
/// changes; the array's content is never affected.
/// </summary>
internal static class FreshMemory
{
    /// <summary>Arrays smaller than this are left alone (a huge page is 2 MiB; at least one must fit inside).</summary>
    private const long MinimumBytes = 4L << 20;

    private const long HugePage = 2L << 20;

    private const int AdviseHugePage = 14; // MADV_HUGEPAGE

    /// <summary>A new array of <paramref name="length"/> elements, advised as above (zeroed, as every new array).</summary>
    public static T[] Array<T>(int length) where T : unmanaged
    {
        var array = new T[length];
        Advise(array);
        return array;
    }

    /// <summary>Advises the 2 MiB-aligned part of a large array that has not been written yet.</summary>
    public static void Advise<T>(T[] array) where T : unmanaged
    {
        long bytes = (long)array.Length * Unsafe.SizeOf<T>();
        if (bytes < MinimumBytes || !OperatingSystem.IsLinux()) return;
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            long start = handle.AddrOfPinnedObject();
            long from = (start + HugePage - 1) & ~(HugePage - 1), to = (start + bytes) & ~(HugePage - 1);
            if (to > from) _ = Madvise((nint)from, (nuint)(to - from), AdviseHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not a C library with madvise: nothing to advise.
        }
        finally
        {
            handle.Free();
        }
    }

    [DllImport("libc", EntryPoint = "madvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Madvise(nint address, nuint length, int advice);
}
