using System.Runtime.InteropServices;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// Runs in-process libtorch work on a dedicated background thread and stops waiting for it at the request's
/// deadline. A native call (a foreign TorchScript <c>forward()</c> that never returns) cannot be aborted, so
/// on timeout the cell fails and the thread is abandoned: it runs on, holding only the module and data it
/// loaded itself (nothing else ever touches them), until it returns or the process exits. Being a
/// background thread it does not keep the process alive; on Linux it is lowered to the lowest CPU
/// priority, so a spinning archive takes only CPU time nothing else wants. Its token is cancelled at the
/// deadline, so the oracle's own loops (training batches, evaluation passes) stop at their next check.
/// </summary>
internal static partial class NativeCallWatchdog
{
    /// <summary>How long the work may take to notice its cancelled token (a training batch, an evaluation pass) before it counts as abandoned.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    // setpriority(2): PRIO_PROCESS with a thread id sets that one thread's nice value on Linux; 19 is the lowest priority.
    private const int PrioProcess = 0;
    private const int LowestPriority = 19;

    public static async Task<T> RunAsync<T>(string what, RequestDeadline deadline, Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(deadline.Total);
        var token = limit.Token;
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var threadId = 0;
        var thread = new Thread(() =>
        {
            if (OperatingSystem.IsLinux()) Volatile.Write(ref threadId, GetThreadId());
            try
            {
                done.SetResult(work(token));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"torchsharp {what}",
        };
        thread.Start();
        try
        {
            return await done.Task.WaitAsync(token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            await Task.WhenAny(done.Task, Task.Delay(StopGrace, CancellationToken.None));
            var left = done.Task.IsCompleted ? ""
                : "; libtorch cannot abort the call, so its thread runs on in the background" +
                  (Deprioritize(Volatile.Read(ref threadId)) ? " at the lowest CPU priority" : "") +
                  " until it returns or the process exits";
            throw new OracleException($"{TorchSharpOracle.BindingId} {what} {deadline.DescribeTimeout()}{left}", e);
        }
        finally
        {
            // An abandoned thread still holds the token; its timer has fired, so there is nothing left to release.
            if (done.Task.IsCompleted) limit.Dispose();
        }
    }

    private static bool Deprioritize(int threadId) =>
        OperatingSystem.IsLinux() && threadId != 0 && SetPriority(PrioProcess, threadId, LowestPriority) == 0;

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);
}
