using BindingConformance.Oracles;
using BindingConformance.Oracles.Planned;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Planned;

/// <summary>Bindings this machine cannot have are probed for real and reported unavailable, never faked.</summary>
public sealed class PlannedBindingOracleTests
{
    public static TheoryData<string> PlannedBindings => ["tensorflow-python", "tensorflow-net", "tch-rs", "tensorflow-rust"];

    [Theory]
    [MemberData(nameof(PlannedBindings))]
    public void Probe_reports_unavailable_with_a_reason_and_a_fix(string id)
    {
        var availability = new DefaultOracleRegistry().Availability(id);

        availability.Available.Should().BeFalse();
        availability.Reason.Should().NotBeNullOrWhiteSpace();
        availability.Fix.Should().NotBeNullOrWhiteSpace();
        availability.WhyNot(Device.Cpu).Should().Be($"{id} not available: {availability.Reason}");
    }

    [Theory]
    [MemberData(nameof(PlannedBindings))]
    public async Task Training_fails_with_the_probe_reason(string id)
    {
        var oracle = new DefaultOracleRegistry().Get(id);

        var train = () => oracle.TrainAsync(null!);

        (await train.Should().ThrowAsync<OracleException>()).WithMessage($"{id} not available: *");
    }

    [Theory]
    [MemberData(nameof(PlannedBindings))]
    public void Capabilities_are_the_designs_so_cells_skip_for_absence_not_inability(string id)
    {
        var oracle = new DefaultOracleRegistry().Get(id);

        oracle.Capabilities.WhyCannotTrain(id, "LeNet1").Should().BeNull();
        oracle.Capabilities.WhyCannotLoad(id, ModelFormat.Safetensors).Should().BeNull();
    }

    [Fact]
    public void Python_tensorflow_probe_names_the_import_error()
    {
        new TensorFlowPythonOracle().Probe().Reason.Should().Contain("No module named 'tensorflow'");
    }

    [Fact]
    public void A_missing_interpreter_is_a_reason_not_a_crash()
    {
        new TensorFlowPythonOracle("/nonexistent/python3").Probe().Reason.Should().Contain("/nonexistent/python3 cannot be started");
    }
}
