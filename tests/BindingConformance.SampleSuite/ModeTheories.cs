using FluentAssertions;

namespace BindingConformance.SampleSuite;

public class ModeTheories
{
    /// <summary>Receives its coordinates as strings; checks they are the running cell's.</summary>
    [ConformanceTheory]
    [Models("LeNet5")]
    [Bindings("torchsharp")]
    [Modes("eager", "traced", "scripted")]
    public void ExecutionModes(string model, string binding, string device, string mode)
    {
        var cell = ConformanceCell.Current!;
        (model, binding, device, mode).Should().Be((cell.Model, cell.Binding, cell.Device, cell.Mode));
    }
}
