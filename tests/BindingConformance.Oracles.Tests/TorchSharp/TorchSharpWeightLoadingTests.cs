using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.TorchSharp;
using FluentAssertions;
using TorchSharp;
using Xunit;

namespace BindingConformance.Oracles.Tests.TorchSharp;

/// <summary>
/// Loading safetensors weights leaves nothing for the finalizer that could race a native recurrent layer: the
/// hybridization stage's "torchsharp hazard probe" thread segfaulted in libtorch (an intrusive_ptr increment on freed
/// memory) running the LSTM control after <see cref="TorchSharpOracle.CopyWeights"/> left its converted copies to the GC.
/// </summary>
[Collection(GarbageCollectingCollection.Name)]
public sealed class TorchSharpWeightLoadingTests
{
    // Before the fix this crashed the test host within a few hundred loads (usually under 100); after it, 600 ran clean.
    private const int Loads = 400;

    [Fact]
    public void Loading_and_running_the_LSTM_on_fresh_threads_while_the_GC_runs_does_not_corrupt_the_heap()
    {
        var spec = ModelZoo.Get(ModelZoo.Lstm);
        var folder = Directory.CreateTempSubdirectory("torchsharp-weights-").FullName;
        var path = Path.Combine(folder, "LSTM.safetensors");
        using (var initial = new SpecModule(spec))
            SafetensorsWriter.Write(path, initial.state_dict().Select(p => TorchTensors.ToNamed(p.Key, p.Value)).ToArray());
        var finite = 0;
        try
        {
            using var collector = new GarbageCollectingThread();
            for (var load = 0; load < Loads; load++)
            {
                // A new thread per load, as NativeCallWatchdog runs each probe.
                var probe = new Thread(() =>
                {
                    using var model = TorchSharpOracle.LoadSpecModule(spec, ModelFormat.Safetensors, path, torch.CPU);
                    model.eval();
                    using var noGrad = torch.no_grad();
                    using var scope = torch.NewDisposeScope();
                    var logits = model.forward(torch.ones(new long[] { 2, spec.InputShape[0] }, torch.ScalarType.Int64));
                    if (logits.isfinite().all().item<bool>()) Interlocked.Increment(ref finite);
                });
                probe.Start();
                probe.Join();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        finite.Should().Be(Loads);
    }
}
