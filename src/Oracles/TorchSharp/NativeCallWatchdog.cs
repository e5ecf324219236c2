namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// Runs in-process libtorch work on a dedicated background thread and stops waiting for it at the request's
/// deadline. A native call (a foreign TorchScript <c>forward()</c> that never returns) cannot be aborted, so
/// on timeout the cell fails and the thread is abandoned: it runs on, holding only the module and data it
/// loaded itself (nothing else ever touches them), until it returns or the process exits. Being a
/// background thread it does not keep the process alive. Its token is cancelled at the deadline, so the
/// oracle's own loops (training batches, evaluation passes) stop at their next check.
/// </summary>
internal static class NativeCallWatchdog
{
    /// <summary>How long the work may take to notice its cancelled token (a training batch, an evaluation pass) before it counts as abandoned.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    public static async Task<T> RunAsync<T>(string what, RequestDeadline deadline, Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(deadline.Total);
        var token = limit.Token;
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
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
            var left = done.Task.IsCompleted ? "" : "; libtorch cannot abort the call, so its thread runs on in the background until it returns or the process exits";
            throw new OracleException($"{TorchSharpOracle.BindingId} {what} {deadline.DescribeTimeout()}{left}", e);
        }
        finally
        {
            // An abandoned thread still holds the token; its timer has fired, so there is nothing left to release.
            if (done.Task.IsCompleted) limit.Dispose();
        }
    }
}
