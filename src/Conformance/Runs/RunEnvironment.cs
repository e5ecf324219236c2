using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace BindingConformance.Runs;

/// <summary>The machine a run measured on, as recorded in its report.</summary>
public static class RunEnvironment
{
    public static JsonObject Describe() => new()
    {
        ["os"] = Machine.Os,
        ["cpu"] = Machine.Cpu,
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
    };
}
