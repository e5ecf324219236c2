namespace BindingConformance.Oracles.Tests.TorchSharp;

/// <summary>
/// A thread that collects garbage and runs finalizers in a loop until disposed: what another thread of a conformance
/// run may do at any moment while TorchSharp is inside libtorch, made constant so that a race with the finalizer shows.
/// A test that runs one belongs to <see cref="GarbageCollectingCollection"/>.
/// </summary>
internal sealed class GarbageCollectingThread : IDisposable
{
    private readonly Thread thread;
    private int stop;

    public GarbageCollectingThread(bool youngOnly = false)
    {
        thread = new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                if (youngOnly) GC.Collect(0);
                else GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        thread.Start();
    }

    public void Dispose()
    {
        Volatile.Write(ref stop, 1);
        thread.Join();
    }
}
