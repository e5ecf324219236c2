using BindingConformance.Oracles.TorchSharp;
using BindingConformance.Tests.Shared;
using Xunit;

namespace BindingConformance.Oracles.Tests.PyTorchFamily;

/// <summary>A fact that runs Python PyTorch and TorchSharp together: skipped with the absent binding's own reason.</summary>
public sealed class PyTorchFamilyFactAttribute : FactAttribute
{
    // Probed once per test run: the Python probe starts a worker.
    private static readonly Lazy<string?> WhyNot = new(() =>
    {
        var python = ShippedWorkers.Python();
        try
        {
            return new TorchSharpOracle().Probe().WhyNot(Device.Cpu) ?? python.Probe().WhyNot(Device.Cpu);
        }
        finally
        {
            python.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    });

    public PyTorchFamilyFactAttribute()
    {
        Skip = WhyNot.Value;
    }
}
