using BindingConformance.Oracles.InProcess;
using BindingConformance.Oracles.OnnxRuntime;
using BindingConformance.Oracles.TorchSharp;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.InProcess;

/// <summary>
/// The in-process bindings come from their own packages: found by name where the application references them, and reported
/// absent with the packages to add where it does not (an owner's suite that references only one of them).
/// </summary>
public sealed class InProcessBindingsTests
{
    [Fact]
    public void A_referenced_package_gives_the_real_oracle()
    {
        InProcessBindings.CreateOracle(InProcessBindings.TorchSharp).Should().BeOfType<TorchSharpOracle>();
        InProcessBindings.CreateOracle(InProcessBindings.OnnxRuntime).Should().BeOfType<OnnxRuntimeOracle>();
        new DefaultOracleRegistry().Get("torchsharp").Should().BeOfType<TorchSharpOracle>();
    }

    [Fact]
    public async Task A_package_the_application_lacks_is_an_absent_binding_naming_the_packages_to_add()
    {
        var missing = InProcessBindings.TorchSharp with { Package = "BindingConformance.Oracles.NotReferenced" };

        var oracle = InProcessBindings.CreateOracle(missing);
        var availability = oracle.Probe();

        oracle.Should().BeOfType<AbsentPackageOracle>();
        availability.Available.Should().BeFalse();
        availability.Reason.Should().Be("the BindingConformance.Oracles.NotReferenced package is not referenced by this application");
        availability.Fix.Should().Be("add the package references BindingConformance.Oracles.NotReferenced and TorchSharp-cpu (or TorchSharp-cuda-linux / TorchSharp-cuda-windows)");
        (await oracle.Invoking(o => o.EvaluateAsync(null!)).Should().ThrowAsync<OracleException>())
            .WithMessage("torchsharp not available: the BindingConformance.Oracles.NotReferenced package is not referenced by this application");
    }

    [Fact]
    public void An_absent_binding_keeps_the_designs_capabilities_so_its_cells_are_skipped_not_omitted()
    {
        var real = new TorchSharpOracle();
        var absent = new AbsentPackageOracle(InProcessBindings.TorchSharp);

        absent.Binding.Should().Be(real.Binding);
        absent.Capabilities.SaveFormats.Should().Equal(real.Capabilities.SaveFormats);
        absent.Capabilities.LoadFormats.Should().Equal(real.Capabilities.LoadFormats);
        absent.Capabilities.Models.Should().Equal(real.Capabilities.Models);
    }

    [Fact]
    public void The_TorchSharp_package_rewrites_its_own_state_dict_format()
    {
        InProcessBindings.StateDictFiles().SelectMany(f => f.Formats).Should().Contain(ModelFormat.TorchSharp);
    }
}
