// Command golden writes gob frames made by Go's own encoding/gob for the TypeScript codec's tests, and decodes
// or encodes frames on a pipe for the live cross-check. Standard library only.
//
//	golden write <dir>   fixtures: <dir>/<name>.bin and <dir>/index.json
//	golden decode        stdin lines "<goType> <gzip 0|1> <hex>"; stdout one JSON result per line
//	golden encode        stdin lines of {"goType","gzip","value"}; stdout the frame in hex per line
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Result is what Go made of one frame.
type Result struct {
	OK        bool   `json:"ok"`
	Error     string `json:"error,omitempty"`
	Value     *Env   `json:"value,omitempty"`
	ValidUTF8 bool   `json:"validUtf8"`
}

func main() {
	// fixed type ids for every run: the first type a process uses gets 65, the next 66, ...
	for _, t := range []string{"Resp", "GeneralWsReq", "Req", "GeneralWsResp", "PeerReq", "WrongType", "NoMatch"} {
		if err := gob.NewEncoder(io.Discard).Encode(Env{}.value(t)); err != nil {
			fail(err)
		}
	}
	if len(os.Args) < 2 {
		fail(fmt.Errorf("usage: golden write <dir> | decode | encode"))
	}
	switch os.Args[1] {
	case "write":
		if len(os.Args) != 3 {
			fail(fmt.Errorf("usage: golden write <dir>"))
		}
		writeFixtures(os.Args[2])
	case "decode":
		pipe(func(line string) string {
			parts := strings.SplitN(line, " ", 3)
			if len(parts) != 3 {
				fail(fmt.Errorf("bad line %q", line))
			}
			frame, err := hex.DecodeString(parts[2])
			if err != nil {
				fail(err)
			}
			out, _ := json.Marshal(decode(parts[0], parts[1] == "1", frame))
			return string(out)
		})
	case "encode":
		pipe(func(line string) string {
			var in struct {
				GoType string `json:"goType"`
				Gzip   bool   `json:"gzip"`
				Value  Env    `json:"value"`
			}
			if err := json.Unmarshal([]byte(line), &in); err != nil {
				fail(err)
			}
			return hex.EncodeToString(encode(in.GoType, in.Gzip, in.Value))
		})
	default:
		fail(fmt.Errorf("unknown mode %q", os.Args[1]))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "golden:", err)
	os.Exit(2)
}

func pipe(each func(string) string) {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 0, 1<<20), 16<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		if line := in.Text(); line != "" {
			fmt.Fprintln(out, each(line))
		}
	}
	if err := in.Err(); err != nil {
		fail(err)
	}
}

// encode writes one frame as the SDK and the server do: a fresh encoder per frame, optionally gzipped.
func encode(goType string, gz bool, v Env) []byte {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v.value(goType)); err != nil {
		fail(err)
	}
	if !gz {
		return buf.Bytes()
	}
	var zipped bytes.Buffer
	w := gzip.NewWriter(&zipped)
	if _, err := w.Write(buf.Bytes()); err != nil {
		fail(err)
	}
	if err := w.Close(); err != nil {
		fail(err)
	}
	return zipped.Bytes()
}

// decode reads one frame with a fresh decoder into goType, as the server (Req, Resp) or the SDK (GeneralWs*) does.
func decode(goType string, gz bool, frame []byte) Result {
	if gz {
		r, err := gzip.NewReader(bytes.NewReader(frame))
		if err != nil {
			return Result{Error: "gzip: " + err.Error()}
		}
		if frame, err = io.ReadAll(r); err != nil {
			return Result{Error: "gzip: " + err.Error()}
		}
	}
	v := zeroOf(goType)
	if err := gob.NewDecoder(bytes.NewReader(frame)).Decode(v); err != nil {
		return Result{Error: err.Error()}
	}
	env := envOf(v)
	valid := utf8.ValidString(env.Token) && utf8.ValidString(env.SendID) && utf8.ValidString(env.OperationID) &&
		utf8.ValidString(env.MsgIncr) && utf8.ValidString(env.ErrMsg)
	return Result{OK: true, Value: &env, ValidUTF8: valid}
}

// Fixture is one entry of index.json.
type Fixture struct {
	Name   string `json:"name"`
	File   string `json:"file"`
	GoType string `json:"goType"`
	Gzip   bool   `json:"gzip"`
	Value  Env    `json:"value"`
	// Go's own decoding of the frame into the server's Req (requests) or Resp (responses)
	Server Result `json:"server"`
}

func writeFixtures(dir string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(err)
	}
	var index []Fixture
	for _, c := range cases() {
		frame := encode(c.GoType, c.Gzip, c.Value)
		if err := os.WriteFile(filepath.Join(dir, c.Name+".bin"), frame, 0o644); err != nil {
			fail(err)
		}
		into := "Req"
		if strings.Contains(c.GoType, "Resp") {
			into = "Resp"
		}
		c.File = c.Name + ".bin"
		c.Server = decode(into, c.Gzip, frame)
		index = append(index, c)
	}
	out, err := json.MarshalIndent(index, "", "  ")
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.json"), append(out, '\n'), 0o644); err != nil {
		fail(err)
	}
}
