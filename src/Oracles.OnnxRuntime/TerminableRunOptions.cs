using Microsoft.ML.OnnxRuntime;

namespace BindingConformance.Oracles.OnnxRuntime;

/// <summary>
/// Session run options whose <c>Terminate</c> flag is set once a token is cancelled (the request's limit, see
/// <see cref="NativeCallWatchdog"/>): ONNX Runtime checks it between nodes and between a Loop's iterations, so a
/// run past its limit stops there and fails, and so does every later run with these options.
/// </summary>
internal sealed class TerminableRunOptions : IDisposable
{
    private readonly CancellationTokenRegistration registration;

    public TerminableRunOptions(CancellationToken token)
    {
        Options = new RunOptions();
        registration = token.Register(() => Options.Terminate = true);
    }

    public RunOptions Options { get; }

    public void Dispose()
    {
        // Unregistering first waits for a running callback, so it never sets the flag on disposed options.
        registration.Dispose();
        Options.Dispose();
    }
}
