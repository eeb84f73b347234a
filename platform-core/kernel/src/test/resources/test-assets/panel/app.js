console.log("demo panel");
