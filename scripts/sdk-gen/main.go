// sdk-gen writes the sbc plugin's language SDKs from its schema with Pulumi's own code
// generators, the ones `pulumi package gen-sdk` runs: Python (pkg/v3/codegen/python) and TypeScript
// (pkg/v3/codegen/nodejs), each named and configured by the schema's own `language` block
// (provider/native/sdkPackages.ts), as `pulumi package gen-sdk` would read it.
//
// Why a program of our own: gen-sdk in CLI v3.248 asks the language host to generate, and the
// Python and Node hosts the tests build (sdk v3.68.0) do not implement that call.
//
//	sdk-gen python|nodejs <schema.json> <output dir>
//	sdk-gen import-code nodejs <schema.json> <stack export.json> <name>...
//
// The output directory is replaced as a whole (a resource gone from the schema leaves no module
// behind), and gains generated.json: the hash of the schema it was made from, of this program's
// source (set at build time by scripts/language-sdks.sh) and of every file written, which
// tests/languageSdks.test.ts compares with the checkout (a stale SDK, a hand edit).
//
// import-code prints the TypeScript that `pulumi import` prints for the named resources of a
// stack (its `pulumi stack export`), by the same path: the CLI's importer turns their state into
// PCL, and the Node host's GenerateProgram binds that PCL and writes it with the Node program
// generator. The CLI of the tests asks its Node host (sdk v3.68.0), which answers "method
// GenerateProgram not implemented"; this runs the steps a current host runs, so the code can be
// checked all the same (tests/e2e/nodejsSdk.e2e.test.ts).
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/pkg/v3/importer"
	"github.com/pulumi/pulumi/pkg/v3/resource/stack"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/providers"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
)

// tool is what the generated files' headers name as their generator.
const tool = "pulumi-oracle-sbc sdk-gen"

// sourceSha256 is the sha256 of main.go, go.mod and go.sum, in that order, set by the build
// (-ldflags -X): generated.json records it, so an SDK made by an older generator reads as stale.
var sourceSha256 = "unknown"

// generators writes each language's SDK from the bound schema.
var generators = map[string]func(pkg *schema.Package) (map[string][]byte, error){
	"python": func(pkg *schema.Package) (map[string][]byte, error) {
		files, err := python.GeneratePackage(tool, pkg, nil, noPackages{})
		if err != nil {
			return nil, err
		}
		// pyproject.toml names the README beside it; the generator writes it inside the package only.
		info, _ := pkg.Language["python"].(python.PackageInfo)
		module := info.PackageName
		if module == "" {
			module = python.PyPack(pkg.Namespace, pkg.Name)
		}
		files["README.md"] = files[filepath.Join(module, "README.md")]
		return files, nil
	},
	"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejs.GeneratePackage(tool, pkg, nil, nil, false, noPackages{})
	},
}

// noPackages refuses every package: the sbc schema refers to none, and a reference would be a bug.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the sbc schema refers to package %q: this generator resolves no other packages", name)
}

func (noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return noPackages{}.LoadPackage(d.Name, d.Version)
}

func (noPackages) LoadPackageReference(name string, v *semver.Version) (schema.PackageReference, error) {
	_, err := noPackages{}.LoadPackage(name, v)
	return nil, err
}

func (noPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	_, err := noPackages{}.LoadPackage(d.Name, d.Version)
	return nil, err
}

const manifestFile = "generated.json"

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// manifestOf records what the SDK was made from and what was written, with paths in / form.
func manifestOf(lang string, schemaText []byte, files map[string][]byte) ([]byte, error) {
	hashes := map[string]string{}
	for name, text := range files {
		hashes[filepath.ToSlash(name)] = sha256Hex(text)
	}
	text, err := json.MarshalIndent(map[string]any{
		"generator":       "scripts/sdk-gen (npm run gen:" + lang + ")",
		"generatorSha256": sourceSha256,
		"schemaSha256":    sha256Hex(schemaText),
		"files":           hashes,
	}, "", "  ")
	return append(text, '\n'), err
}

// loadSchema reads and binds the schema file; also its text.
func loadSchema(schemaFile string) ([]byte, *schema.Package, error) {
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		return nil, nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, nil, fmt.Errorf("%s is not a package schema: %w", schemaFile, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return nil, nil, fmt.Errorf("binding %s: %w", schemaFile, err)
	}
	if diags.HasErrors() {
		return nil, nil, fmt.Errorf("%s is not a valid schema: %s", schemaFile, diags.Error())
	}
	return raw, pkg, nil
}

func generate(lang, schemaFile, outDir string) error {
	generator, ok := generators[lang]
	if !ok {
		return fmt.Errorf("no SDK for language %q: choose python or nodejs", lang)
	}
	raw, pkg, err := loadSchema(schemaFile)
	if err != nil {
		return err
	}
	files, err := generator(pkg)
	if err != nil {
		return fmt.Errorf("generating the %s SDK: %w", lang, err)
	}
	manifest, err := manifestOf(lang, raw, files)
	if err != nil {
		return err
	}
	files[manifestFile] = manifest

	if err := os.RemoveAll(outDir); err != nil {
		return err
	}
	for name, text := range files {
		path := filepath.Join(outDir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, text, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d files to %s\n", len(files), outDir)
	return nil
}

// schemaPackage serves the one package of the schema file, as the engine serves the plugin's own
// schema: the import code names the package its nodejs language block names.
type schemaPackage struct{ pkg *schema.Package }

func (l schemaPackage) LoadPackage(name string, version *semver.Version) (*schema.Package, error) {
	if name != l.pkg.Name {
		return nil, fmt.Errorf("the program refers to package %q: only %q is loaded", name, l.pkg.Name)
	}
	if version != nil && l.pkg.Version != nil && !version.Equals(*l.pkg.Version) {
		return nil, fmt.Errorf("the state asks for %s %s, the schema is of %s", name, version, l.pkg.Version)
	}
	return l.pkg, nil
}

func (l schemaPackage) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, d.Version)
}

func (l schemaPackage) LoadPackageReference(name string, v *semver.Version) (schema.PackageReference, error) {
	pkg, err := l.LoadPackage(name, v)
	if err != nil {
		return nil, err
	}
	return pkg.Reference(), nil
}

func (l schemaPackage) LoadPackageReferenceV2(ctx context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, d.Version)
}

// withheldSecrets reads every secret of the state (the provider's password) as one placeholder
// string: the code needs none of them, and this program holds no passphrase.
type withheldSecrets struct{}

func (withheldSecrets) DecryptValue(context.Context, string) (string, error) {
	return `"[secret]"`, nil
}

func (w withheldSecrets) BatchDecrypt(ctx context.Context, ciphertexts []string) ([]string, error) {
	return config.DefaultBatchDecrypt(ctx, w, ciphertexts)
}

// importCode writes the TypeScript for the resources of the stack export named NAMES.
func importCode(schemaFile, stateFile string, names []string, out io.Writer) error {
	_, pkg, err := loadSchema(schemaFile)
	if err != nil {
		return err
	}
	loader := schemaPackage{pkg}

	text, err := os.ReadFile(stateFile)
	if err != nil {
		return err
	}
	var untyped apitype.UntypedDeployment
	if err := json.Unmarshal(text, &untyped); err != nil {
		return fmt.Errorf("%s is not the output of pulumi stack export: %w", stateFile, err)
	}
	deployment, err := stack.UnmarshalUntypedDeployment(context.Background(), &untyped)
	if err != nil {
		return fmt.Errorf("%s is not the output of pulumi stack export: %w", stateFile, err)
	}
	var snapshot, states []*resource.State
	for _, r := range deployment.Resources {
		state, err := stack.DeserializeResource(r, withheldSecrets{})
		if err != nil {
			return fmt.Errorf("%s in %s: %w", r.URN, stateFile, err)
		}
		snapshot = append(snapshot, state)
	}
	for _, name := range names {
		var found []*resource.State
		for _, s := range snapshot {
			if s.Custom && !s.Delete && !providers.IsProviderType(s.Type) && s.URN.Name() == name {
				found = append(found, s)
			}
		}
		if len(found) != 1 {
			return fmt.Errorf("%s holds %d resources named %q, not one: name a resource pulumi import made", stateFile, len(found), name)
		}
		states = append(states, found[0])
	}

	// What the Node host does with the PCL the CLI sends: parse, bind leniently (an import's
	// program may refer to a parent or provider it does not declare), generate.
	generate := func(w io.Writer, program *pcl.Program) error {
		parser := syntax.NewParser()
		for file, source := range program.Source() {
			if err := parser.ParseFile(strings.NewReader(source), file); err != nil {
				return err
			}
		}
		if parser.Diagnostics.HasErrors() {
			return parser.Diagnostics
		}
		options := append([]pcl.BindOption{pcl.PreferOutputVersionedInvokes}, pcl.NonStrictBindOptions()...)
		bound, diags, err := pcl.BindProgram(parser.Files, loader, options...)
		if err != nil {
			return err
		}
		if diags.HasErrors() {
			return diags
		}
		files, diags, err := nodejs.GenerateProgram(bound)
		if err != nil {
			return err
		}
		if diags.HasErrors() {
			return diags
		}
		for _, text := range files {
			if _, err := w.Write(text); err != nil {
				return err
			}
		}
		return nil
	}
	return importer.GenerateLanguageDefinitions(out, loader, generate, states, snapshot, nil)
}

func main() {
	if len(os.Args) >= 6 && os.Args[1] == "import-code" && os.Args[2] == "nodejs" {
		if err := importCode(os.Args[3], os.Args[4], os.Args[5:], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "sdk-gen: error:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: sdk-gen python|nodejs <schema.json> <output dir>\n       sdk-gen import-code nodejs <schema.json> <stack export.json> <name>...")
		os.Exit(2)
	}
	if err := generate(os.Args[1], os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintln(os.Stderr, "sdk-gen: error:", err)
		os.Exit(1)
	}
}
