using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using Xunit;

namespace BindingConformance.Oracles.Tests.Tfjs;

/// <summary>A fact that is skipped, with the reason, where Node.js or the tfjs npm packages are not installed.</summary>
public sealed class TfjsFactAttribute : FactAttribute
{
    public TfjsFactAttribute()
    {
        Skip = ShippedWorkers.WhyTfjsNotInstalled();
    }
}
