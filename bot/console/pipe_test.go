package console

import (
	"io"
	"os"
)

// ioPipe is an input that never ends until closed (like an idle terminal).
func ioPipe() (io.Reader, io.WriteCloser) {
	r, w, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	return r, w
}
