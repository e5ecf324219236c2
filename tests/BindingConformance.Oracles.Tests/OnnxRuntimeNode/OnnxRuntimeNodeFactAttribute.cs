using BindingConformance.Tests.Shared;
using Xunit;

namespace BindingConformance.Oracles.Tests.OnnxRuntimeNode;

/// <summary>A fact that is skipped, with the reason, where Node.js or the onnxruntime-node package its shipped manifest loads is not installed.</summary>
public sealed class OnnxRuntimeNodeFactAttribute : FactAttribute
{
    public OnnxRuntimeNodeFactAttribute()
    {
        Skip = ShippedWorkers.WhyNotInstalled(ShippedWorkers.OnnxRuntimeNodeId);
    }
}
