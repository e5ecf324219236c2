using System.Runtime.InteropServices;

namespace BindingConformance.Oracles;

/// <summary>
/// Runs an in-process binding's native work (libtorch, ONNX Runtime) on a dedicated background thread and
/// stops waiting for it at the request's deadline. Its token is cancelled at the deadline, so the oracle's own
/// loops (training batches, evaluation passes) stop at their next check and a runtime that can be told to stop
/// (ONNX Runtime's <c>RunOptions.Terminate</c>) is told. A native call that cannot be stopped (a foreign
/// TorchScript <c>forward()</c> that never returns) is abandoned when the cell fails: its thread runs on,
/// holding only the model and data it loaded itself (nothing else ever touches them), until it returns or the
/// process exits. Being a background thread it does not keep the process alive; on Linux it is lowered to the
/// lowest CPU priority, so a spinning model takes only CPU time nothing else wants.
/// </summary>
internal static partial class NativeCallWatchdog
{
    /// <summary>How long the work may take to notice its cancelled token (a training batch, an evaluation pass) before it counts as abandoned.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    // setpriority(2): PRIO_PROCESS with a thread id sets that one thread's nice value on Linux; 19 is the lowest priority.
    private const int PrioProcess = 0;
    private const int LowestPriority = 19;

    /// <param name="binding">The binding's id, which starts the failure message and the thread's name.</param>
    /// <param name="whyAbandoned">Why a call still running after the grace cannot be stopped ("libtorch cannot abort the call").</param>
    public static async Task<T> RunAsync<T>(string binding, string what, string whyAbandoned, RequestDeadline deadline,
        Func<CancellationToken, T> work, CancellationToken cancellationToken)
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
            Name = $"{binding} {what}",
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
                : $"; {whyAbandoned}, so its thread runs on in the background" +
                  (Deprioritize(Volatile.Read(ref threadId)) ? " at the lowest CPU priority" : "") +
                  " until it returns or the process exits";
            throw new OracleException($"{binding} {what} {deadline.DescribeTimeout()}{left}", e);
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
