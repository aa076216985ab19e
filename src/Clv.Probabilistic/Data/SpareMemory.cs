using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// A large array one step has finished with, offered to a later step as scratch space of another element type: its
/// pages are mapped already, where a fresh array's first write to each page traps into the kernel, which clears it
/// (see <see cref="FreshMemory"/>; about 1.3–1.8 ms a megabyte on the project's virtual machine even with 2 MiB pages).
/// The array is held weakly, so keeping the owner of the offer alive does not keep the memory; it can be taken once.
/// </summary>
internal sealed class SpareMemory
{
    private WeakReference<Array>? _array;
    private readonly long _bytes;

    private SpareMemory(Array array, long bytes)
    {
        _array = new WeakReference<Array>(array);
        _bytes = bytes;
    }

    /// <summary>Offers the memory of <paramref name="array"/>, which its owner no longer reads or writes.</summary>
    public static SpareMemory Of<T>(T[] array) where T : unmanaged => new(array, (long)array.Length * Unsafe.SizeOf<T>());

    /// <summary>
    /// <paramref name="length"/> elements of scratch space: the spare memory (its content left as it was) when it is still
    /// there, large enough and not taken yet; otherwise null.
    /// </summary>
    public Scratch<T>? TryTake<T>(int length) where T : unmanaged
    {
        if (((long)length + 1) * Unsafe.SizeOf<T>() > _bytes) return null; // one element more, to align the first (see Scratch)
        var taken = Interlocked.Exchange(ref _array, null);
        return taken is not null && taken.TryGetTarget(out var array) ? new Scratch<T>(array, length, zeroed: false) : null;
    }
}

/// <summary>
/// Scratch space of <see cref="Length"/> elements of <typeparamref name="T"/>: a fresh array, or memory another step
/// finished with. The memory holds one element more, so that the first element can start where a cache line does when
/// the element's size is a power of two up to 64 bytes (an array's elements start 16 bytes into a line): then no element
/// straddles two lines. Only speed depends on it: were the memory moved, the elements would still be the same.
/// </summary>
internal sealed class Scratch<T> where T : unmanaged
{
    private const int CacheLine = 64;
    private readonly Array _memory;
    private readonly int _offset;

    internal Scratch(Array memory, int length, bool zeroed)
    {
        _memory = memory;
        Length = length;
        Zeroed = zeroed;
        int size = Unsafe.SizeOf<T>(), alignment = Math.Min(CacheLine, size);
        if (!BitOperations.IsPow2(size)) return;
        var handle = GCHandle.Alloc(memory, GCHandleType.Pinned);
        try
        {
            long address = handle.AddrOfPinnedObject();
            _offset = (int)(-address & (alignment - 1));
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>Fresh zeroed memory (advised for 2 MiB pages when large).</summary>
    public static Scratch<T> Fresh(int length) => new(FreshMemory.Array<T>(length + 1), length, zeroed: true);

    /// <summary>Spare memory when there is enough, else fresh memory.</summary>
    public static Scratch<T> From(SpareMemory? spare, int length) => spare?.TryTake<T>(length) ?? Fresh(length);

    public int Length { get; }

    /// <summary>Whether every element is zero from the start; otherwise the content is whatever the memory held.</summary>
    public bool Zeroed { get; }

    public Span<T> Span =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, T>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_memory), _offset)), Length);
}
