package main

import (
	"math"
	"strings"
)

func cases() []Fixture {
	binary := make([]byte, 256)
	for i := range binary {
		binary[i] = byte(i)
	}
	big := []byte(strings.Repeat("0123456789abcdef", 512)) // 8 KiB: lengths of several bytes
	long := strings.Repeat("x", 300)
	unicode := "héllo 世界 👋🏽 e\u0301 \u200d\ufeff"
	typical := Env{ReqIdentifier: 1003, SendID: "u1", OperationID: "op", MsgIncr: "u1_x", Data: []byte("ab")}
	req := func(name string, v Env) Fixture { return Fixture{Name: name, GoType: "GeneralWsReq", Value: v} }
	resp := func(name string, v Env) Fixture { return Fixture{Name: name, GoType: "Resp", Value: v} }
	all := []Fixture{
		req("req-sdk-typical", typical),
		req("req-zero", Env{}),
		req("req-max-int32", Env{ReqIdentifier: math.MaxInt32, SendID: "u"}),
		req("req-min-int32", Env{ReqIdentifier: math.MinInt32}),
		req("req-negative", Env{ReqIdentifier: -1, MsgIncr: "m"}),
		req("req-over-int32", Env{ReqIdentifier: math.MaxInt32 + 1}),
		req("req-max-int64", Env{ReqIdentifier: math.MaxInt64}),
		req("req-unicode", Env{ReqIdentifier: 1001, Token: "t" + unicode, SendID: unicode, OperationID: "操作",
			MsgIncr: unicode + "_1", Data: []byte{0}}),
		req("req-long", Env{ReqIdentifier: 1002, SendID: long, OperationID: strings.Repeat("é", 1000), MsgIncr: long,
			Data: big}),
		req("req-binary", Env{ReqIdentifier: 1005, Data: binary}),
		{Name: "req-server-type", GoType: "Req", Value: typical},
		{Name: "req-peer-extra-fields", GoType: "PeerReq", Value: Env{ReqIdentifier: 2004, Token: "tok", SendID: "u9",
			OperationID: "op9", MsgIncr: "u9_1", Data: []byte{1, 2, 3}}},
		{Name: "req-wrong-type", GoType: "WrongType", Value: Env{SendID: "u1"}},
		{Name: "req-no-match", GoType: "NoMatch"},
		resp("resp-push", Env{ReqIdentifier: 2001, OperationID: "op1", Data: []byte{0x0a, 0x01}}),
		resp("resp-zero", Env{}),
		resp("resp-error", Env{ReqIdentifier: 1003, MsgIncr: "u1_x", OperationID: "op", ErrCode: 1502,
			ErrMsg: "TokenInvalidError", Data: []byte("ab")}),
		resp("resp-kick", Env{ReqIdentifier: 2002}),
		resp("resp-negative", Env{ReqIdentifier: -5, ErrCode: -1, ErrMsg: "neg"}),
		resp("resp-max-int32", Env{ReqIdentifier: math.MaxInt32, ErrCode: math.MaxInt32}),
		resp("resp-min-int32", Env{ReqIdentifier: math.MinInt32, ErrCode: math.MinInt32}),
		resp("resp-max-safe", Env{ReqIdentifier: 1, ErrCode: 1<<53 - 1}),
		resp("resp-min-safe", Env{ReqIdentifier: 1, ErrCode: -(1<<53 - 1)}),
		resp("resp-max-int64", Env{ReqIdentifier: 1, ErrCode: math.MaxInt64}),
		resp("resp-min-int64", Env{ReqIdentifier: 1, ErrCode: math.MinInt64}),
		resp("resp-unicode", Env{ReqIdentifier: 1001, MsgIncr: unicode, OperationID: unicode, ErrMsg: unicode,
			Data: []byte{0xff}}),
		resp("resp-long", Env{ReqIdentifier: 1002, MsgIncr: long, ErrMsg: strings.Repeat("ü", 5000), Data: big}),
		resp("resp-binary", Env{ReqIdentifier: 1005, Data: binary}),
		{Name: "resp-sdk-type", GoType: "GeneralWsResp", Value: Env{ReqIdentifier: 1003, MsgIncr: "m", ErrCode: 7,
			ErrMsg: "e", OperationID: "o", Data: []byte{9}}},
	}
	for _, name := range []string{"req-sdk-typical", "req-long", "req-peer-extra-fields", "resp-push", "resp-long",
		"resp-zero"} {
		for _, c := range all {
			if c.Name == name {
				c.Name += "-gzip"
				c.Gzip = true
				all = append(all, c)
				break
			}
		}
	}
	return all
}
